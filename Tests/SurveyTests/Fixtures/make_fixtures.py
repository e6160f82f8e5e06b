"""Writes the small CSV fixtures for SurveyTests and CLITests (run: python3 make_fixtures.py).

Each file exercises one reading rule; the tests say what each must give.
"""
import pathlib

here = pathlib.Path(__file__).parent

# RFC 4180 corner cases: embedded delimiter, doubled quotes, embedded CRLF and LF,
# CRLF line ends, a quoted number, spaces around a number.
(here / "quoted.csv").write_bytes(
    b'id,comment,score\r\n'
    b'1,"hello, world",3.5\r\n'
    b'2,"she said ""yes""","4"\r\n'
    b'3,"two\r\nlines", 5 \r\n'
    b'4,"three\nlines\nhere",NA\r\n'
    b'5,plain,6\r\n'
)

# The same survey in three encodings/delimiters; Chinese header and answers.
rows = [
    ["序号", "行业", "Q7", "Q8"],
    ["1", "纺织服装", "5", "6"],
    ["2", "电子信息", "4", "-2"],
    ["3", "装备制造", "7", "5"],
    ["4", "纺织服装", "", "3"],
]
csv = "\n".join(",".join(r) for r in rows) + "\n"
(here / "survey-utf8.csv").write_bytes(csv.encode("utf-8"))
(here / "survey-utf8-bom.csv").write_bytes(b"\xef\xbb\xbf" + csv.encode("utf-8"))
(here / "survey-gbk.csv").write_bytes(csv.encode("gbk"))
(here / "survey-tab.tsv").write_bytes(("\n".join("\t".join(r) for r in rows) + "\n").encode("utf-8"))
(here / "survey-semicolon.csv").write_bytes(("\r\n".join(";".join(r) for r in rows) + "\r\n").encode("utf-8"))
# Neither UTF-8 nor GBK: a lone 0xFF byte (invalid in both) in a cell.
(here / "bad-encoding.csv").write_bytes("a,b\n1,".encode() + b"\xff\xfe\xff" + b"\n")
