// Report: tables and their renderings (text three-line tables that keep
// Chinese aligned, Markdown, CSV, HTML). See README.md.
