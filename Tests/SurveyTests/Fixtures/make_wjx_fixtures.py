"""Writes the 问卷星-style ingestion fixtures (run: python3 make_wjx_fixtures.py).

Needs openpyxl and pyreadstat (pip); the tests need neither. Seeded, so the
files come out the same every run.

One small survey of 40 respondents, in every form a researcher hands us:
  wjx-codes.xlsx   问卷星 "按选项序号" export: metadata columns, "N、题目" headers,
                   matrix sub-columns "6(子题)", multi-select 0/1 sub-columns
                   "8(选项)", -2/-3 codes, contact fields
  wjx-text.xlsx    the "按选项文本" export of the same answers (Likert texts,
                   "┋"-joined multi-select)
  wjx-codes.csv    the codes export as UTF-8 CSV (the "equivalent CSV")
  wjx-codes-gbk.csv  the same in GBK
  wjx-codes.sav    the same after the 问卷星 layout (short names Q6_1 …), with
                   variable labels, value labels and -2/-3 as user-missing
  wjx-codebook.yaml  the codebook for it
Planted (the tests check these counts): 3 straight-liners, 2 responses under
90 seconds, 2 duplicate submissions (same IP and answers as an earlier row),
1 row with most items missing; phones, e-mails, IPs, names and an ID number
in the contact fields.
Also the bad inputs: an encrypted workbook, a corrupt one, a .xls, a file
named .sav that is not SPSS, and codebooks that are wrong in one way each.
"""
import pathlib
import random

import openpyxl
import pandas as pd
import pyreadstat

here = pathlib.Path(__file__).parent
rng = random.Random(20261121)

likert = ["非常不同意", "不同意", "一般", "同意", "非常同意"]
industries = ["纺织服装", "电子信息", "装备制造", "精细化工", "其他"]
markets = ["欧洲", "北美", "东南亚"]
matrix6 = ["我们与主要合作伙伴之间相互信任", "我们与伙伴分享细致的信息", "我们与伙伴共同解决问题"]
items7 = ["我们与伙伴的合作关系持续多年", "我们处在网络的中心位置（反向）"]
surnames = "王李张刘陈杨黄赵吴周"
given = "伟芳娜敏静丽强磊军洋"

n = 40
planted = {"phones": [], "emails": [], "ips": [], "names": [], "ids": []}


def id_number(rng):
    body = "3205" + "%02d" % rng.randint(1, 9) + "%04d" % rng.randint(1960, 1999) + "%02d%02d" % (rng.randint(1, 12), rng.randint(1, 28)) + "%03d" % rng.randint(100, 999)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * k for c, k in zip(body, w))
    return body + "10X98765432"[s % 11]


rows = []
for i in range(n):
    trait = rng.gauss(0, 1)
    def item():
        return max(1, min(5, round(3.4 + 0.8 * trait + rng.gauss(0, 0.8))))
    while True:
        m6 = [item() for _ in matrix6]
        q7 = [item(), 6 - item()]  # the second is worded in reverse
        if len(set(m6 + q7)) > 1:  # only the planted rows straight-line
            break
    phone = "1%d%09d" % (rng.choice([3, 5, 8, 9]), rng.randint(0, 10**9 - 1))
    email = "user%03d@example%d.com" % (i, rng.randint(1, 9))
    ip = "%d.%d.%d.%d" % (rng.randint(36, 223), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
    name = rng.choice(surnames) + rng.choice(given)
    rows.append({
        "seconds": rng.randint(150, 900),
        "ip": ip,
        "industry": rng.randint(1, 5),
        "company": "苏州%s科技有限公司" % rng.choice(["恒", "瑞", "联", "华"]) + str(i),
        "name": name,
        "phone": phone,
        "email": email,
        "m6": m6,
        "q7": q7,
        "q8": [rng.randint(0, 1) for _ in markets],
        "remark": "",
    })

# One respondent put an ID number in the remark field.
rows[5]["remark"] = "身份证 " + id_number(rng)
planted["ids"].append(rows[5]["remark"].split()[1])
# Straight-liners: every Likert item the same option.
for i, v in [(10, 5), (11, 3), (12, 5)]:
    rows[i]["m6"] = [v] * 3
    rows[i]["q7"] = [v, v]
# Too fast.
rows[15]["seconds"] = 45
rows[16]["seconds"] = 80
# Most items missing (-2 skipped by logic, -3 not shown).
rows[20]["m6"] = [-2, -2, -3]
rows[20]["q7"] = [4, -3]
# Duplicate submissions: rows 38 and 39 repeat rows 2 and 3 (same IP and answers).
for dup, orig in [(38, 2), (39, 3)]:
    for k in ["ip", "industry", "m6", "q7", "q8", "company", "name", "phone", "email"]:
        rows[dup][k] = list(rows[orig][k]) if isinstance(rows[orig][k], list) else rows[orig][k]
for r in rows:
    planted["phones"].append(r["phone"])
    planted["emails"].append(r["email"])
    planted["ips"].append(r["ip"])
    planted["names"].append(r["name"])


def duration(s):
    return "%d秒" % s if s < 60 else "%d分%d秒" % (s // 60, s % 60)


meta_headers = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
q_headers = (["1、贵企业所属行业", "2、企业名称", "3、填写人", "4、联系电话", "5、电子邮箱"]
             + ["6(%s)" % t for t in matrix6]
             + ["7(%s)" % t for t in items7]
             + ["8(%s)" % m for m in markets]
             + ["9、其他意见"])
text_headers = q_headers[:10] + ["8、贵企业的主要出口市场", "9、其他意见"]


def meta(i, r):
    return [i + 1, "2026-05-%02d %02d:%02d:%02d" % (1 + i % 28, 8 + i % 10, i % 60, (7 * i) % 60),
            duration(r["seconds"]), "手机提交", "直接访问", "%s(江苏-苏州)" % r["ip"]]


def code_row(i, r):
    return meta(i, r) + [r["industry"], r["company"], r["name"], r["phone"], r["email"]] + r["m6"] + r["q7"] + r["q8"] + [r["remark"] or None]


def label(v):
    return {-2: "(跳过)", -3: "(空)"}.get(v) or likert[v - 1]


def text_row(i, r):
    chosen = "┋".join(m for m, x in zip(markets, r["q8"]) if x) or None
    return (meta(i, r) + [industries[r["industry"] - 1], r["company"], r["name"], r["phone"], r["email"]]
            + [label(v) for v in r["m6"]] + [label(v) for v in r["q7"]] + [chosen, r["remark"] or None])


def write_xlsx(path, headers, body):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(headers)
    for row in body:
        ws.append(row)
    # A second sheet, so --sheet has something to choose.
    notes = wb.create_sheet("说明")
    notes.append(["本文件为测试用模拟数据"])
    notes.append(["make_wjx_fixtures.py"])
    wb.save(path)


code_body = [code_row(i, r) for i, r in enumerate(rows)]
write_xlsx(here / "wjx-codes.xlsx", meta_headers + q_headers, code_body)
write_xlsx(here / "wjx-text.xlsx", meta_headers + text_headers, [text_row(i, r) for i, r in enumerate(rows)])

df = pd.DataFrame(code_body, columns=meta_headers + q_headers)
df.to_csv(here / "wjx-codes.csv", index=False, encoding="utf-8")
(here / "wjx-codes-gbk.csv").write_bytes(df.to_csv(index=False).encode("gbk"))

# SPSS: the layout's short names, labels, value labels, -2/-3 user-missing.
short = ["Q1"] + ["Q6_%d" % k for k in (1, 2, 3)] + ["Q7_1", "Q7_2"] + ["Q8_%d" % k for k in (1, 2, 3)]
cols = [6] + list(range(11, 16)) + list(range(16, 19))
sav = pd.DataFrame({s: [float(row[c]) for row in code_body] for s, c in zip(short, cols)})
labels = dict(zip(short, [q_headers[c - 6] for c in cols]))
value_labels = {"Q1": {float(k + 1): v for k, v in enumerate(industries)}}
for s in short[1:6]:
    value_labels[s] = {float(k + 1): v for k, v in enumerate(likert)}
missing = {s: [-3.0, -2.0] for s in short[1:6]}
pyreadstat.write_sav(sav, str(here / "wjx-codes.sav"), column_labels=labels,
                     variable_value_labels=value_labels, missing_ranges=missing)

codebook = """# Codebook of the ingestion fixture (make_wjx_fixtures.py).
layout: wjx
value_sets:
  agree5: {1: 非常不同意, 2: 不同意, 3: 一般, 4: 同意, 5: 非常同意}
variables:
  - {name: industry, question: 1, label: {zh: 所属行业, en: Industry}, type: categorical,
     values: {1: 纺织服装, 2: 电子信息, 3: 装备制造, 4: 精细化工, 5: 其他}}
  - {name: RE1, source: Q6_1, type: likert, values: agree5}
  - {name: RE2, source: Q6_2, type: likert, values: agree5}
  - {name: RE3, source: Q6_3, type: likert, values: agree5}
  - {name: RE4, source: Q7_1, type: likert, values: agree5}
  - {name: SE4R, source: Q7_2, type: likert, values: agree5, reverse: true}
scales:
  - {name: RE, label: {zh: 关系性嵌入, en: Relational embeddedness}, items: [RE1, RE2, RE3, RE4, SE4R]}
  - {name: ONE, items: [RE1]}
personal_data: [Q2]
screening: {straightlining: true, min_seconds: 90, duplicates: true, max_missing_share: 0.5}
"""
(here / "wjx-codebook.yaml").write_text(codebook, encoding="utf-8")

# Bad inputs.
bad = here / "bad"
bad.mkdir(exist_ok=True)
cfb = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504)
(bad / "encrypted.xlsx").write_bytes(cfb + "EncryptedInfo".encode("utf-16-le") + bytes(32) + "EncryptedPackage".encode("utf-16-le") + bytes(64))
(bad / "legacy.xls").write_bytes(cfb + bytes(512))
good = (here / "wjx-codes.xlsx").read_bytes()
(bad / "corrupt.xlsx").write_bytes(good[: len(good) // 2])
(bad / "not-spss.sav").write_bytes("序号,Q1\n1,2\n".encode("utf-8"))
(bad / "codebook-missing-column.yaml").write_text(
    "variables:\n  - {name: RE1, source: Q6_9, type: likert, range: [1, 5]}\n", encoding="utf-8")
(bad / "codebook-reverse-no-range.yaml").write_text(
    "variables:\n  - {name: SE4R, source: Q7_2, type: likert, reverse: true}\n", encoding="utf-8")
(bad / "codebook-short-labels.yaml").write_text(
    "layout: wjx\nvariables:\n  - {name: RE1, source: Q6_1, type: likert, values: {1: 非常不同意, 2: 不同意, 3: 一般, 4: 同意}}\n",
    encoding="utf-8")

with open(here / "wjx-planted.txt", "w", encoding="utf-8") as f:
    for k, vs in planted.items():
        for v in sorted(set(vs)):
            f.write("%s\t%s\n" % (k, v))
