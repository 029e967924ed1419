/** One file the generator owns: a POSIX path relative to the output root, and its exact bytes as text (LF, final newline). */
export interface GeneratedFile {
  path: string;
  content: string;
}
