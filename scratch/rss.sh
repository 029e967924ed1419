#!/bin/bash
# usage: rss.sh cmd... ; prints peak and a coarse curve
"$@" > /dev/null &
pid=$!
peak=0; curve=""
while kill -0 $pid 2>/dev/null; do
  r=$(awk '/VmRSS/{print $2}' /proc/$pid/status 2>/dev/null); [ -n "$r" ] && { [ $r -gt $peak ] && peak=$r; curve="$curve $((r/1024))"; }
  sleep 0.1
done
echo "peak $((peak/1024)) MiB; curve:$curve"
