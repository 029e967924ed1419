/**
 * parseStandardCron (generator/validate/semantic/cron.ts), a port of github.com/robfig/cron/v3 v3.0.1
 * ParseStandard: each schedule with the error kube-apiserver 1.33 gave for it in a server-side dry run of
 * a CronJob (`spec.schedule: Invalid value: "...": <error>`), or null where it admitted the CronJob. The last
 * four follow robfig/cron's code (an empty schedule never reaches it: the server says Required first).
 */
import { describe, expect, it } from "vitest";
import { parseStandardCron } from "../../../../generator/validate/semantic/cron.js";

describe("parseStandardCron: robfig/cron v3 ParseStandard, as kube-apiserver 1.33 reports it", () => {
  it.each<[string, string | null]>([
    ["not a cron", "expected exactly 5 fields, found 3: [not a cron]"],
    ["0 0 * *", "expected exactly 5 fields, found 4: [0 0 * *]"],
    ["60 * * * *", "end of range (60) above maximum (59): 60"],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"],
    ["1-2-3 * * * *", "too many hyphens: 1-2-3"],
    ["*/5/2 * * * *", "too many slashes: */5/2"],
    ["x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"],
    ["0 0 32 * *", "end of range (32) above maximum (31): 32"],
    ["0 0 0 * *", "beginning of range (0) below minimum (1): 0"],
    ["0 0 * 13 *", "end of range (13) above maximum (12): 13"],
    ["0 0 * JAN-Foo *", "failed to parse int from Foo: strconv.Atoi: parsing \"Foo\": invalid syntax"],
    ["0 0 * * 7", "end of range (7) above maximum (6): 7"],
    ["0 0 * * MON-FRI", null],
    ["0 0 * Jan-Dec sun", null],
    ["@fortnightly", "unrecognized descriptor: @fortnightly"],
    ["@every 1h30m", null],
    ["@every 1d", "failed to parse duration @every 1d: time: unknown unit \"d\" in duration \"1d\""],
    ["@every 90", "failed to parse duration @every 90: time: missing unit in duration \"90\""],
    ["@every", "unrecognized descriptor: @every"],
    ["@every x", "failed to parse duration @every x: time: invalid duration \"x\""],
    [", * * * *", null],
    ["*-5 * * * *", null],
    ["? * * * *", null],
    ["99999999999999999999 * * * *", "failed to parse int from 99999999999999999999: strconv.Atoi: parsing \"99999999999999999999\": value out of range"],
    ["+5 * * * *", null],
    ["@hourly", null],
    ["@every 1.5h", null],
    ["@every 300ms", null],
    ["", "empty spec string"],
  ])("%j", (schedule, error) => {
    expect(parseStandardCron(schedule) ?? null).toBe(error);
  });
});
