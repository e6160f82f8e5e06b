"""The second shipped example (run: python3 make_data.py; needs numpy and openpyxl).

A study unlike the book in every way that matters: employees, not firms; 5-point
items exported by 问卷星 as option TEXT ("按选项文本"), not codes; a reverse-worded
item; a mediator and a moderator; no coupling analysis.

  服务型领导 SL (5 items) → 心理安全感 PS (4 items, PS4 reverse-worded) → 建言行为 VB (5 items),
  with 组织支持感 POS (4 items) moderating PS → VB (a second-stage moderated mediation,
  PROCESS model 14), and gender, age, tenure, education as respondent profile.

Population (standardised latent scores): PS = 0.50 SL + e; VB = 0.15 SL + 0.35 PS + 0.20 POS
+ 0.18 PS×POS + e; SL and POS correlate 0.30. Items: loading 0.75–0.85, cut to 1–5 at the
normal quantiles of .06 .18 .32 .30 .14. 420 respondents; about 1% of answers skipped
("(跳过)"); 6 straight-liners and 5 responses under 60 seconds planted for screening;
fake names and mobile numbers in the contact fields. Seeded: the same file every run.
"""
import pathlib

import numpy as np
import openpyxl

here = pathlib.Path(__file__).parent
rng = np.random.default_rng(20261201)
n = 420
agree5 = ["非常不同意", "不同意", "一般", "同意", "非常同意"]
items = {
    "SL": ["领导关心我的个人成长", "领导愿意倾听下属的意见", "领导把下属的利益放在首位", "领导帮助我发挥所长", "领导以身作则服务团队"],
    "PS": ["在团队中表达不同意见是安全的", "同事不会因为我犯错而为难我", "我可以放心地向同事求助", "在团队里冒险尝试会被人指责（反向）"],
    "VB": ["我会就工作中的问题主动提出建议", "我会提出改进工作流程的想法", "即使意见不同我也会说出来", "我鼓励同事参与改进工作", "我会向领导反映影响工作的问题"],
    "POS": ["组织重视我的贡献", "组织关心我的福祉", "遇到困难时组织会帮助我", "组织为我提供发展机会"],
}
cuts = np.quantile(np.random.default_rng(1).standard_normal(200000), np.cumsum([.06, .18, .32, .30])[:4])

sl = rng.standard_normal(n)
pos = 0.3 * sl + np.sqrt(1 - 0.09) * rng.standard_normal(n)
ps = 0.5 * sl + np.sqrt(0.75) * rng.standard_normal(n)
vb_mean = 0.15 * sl + 0.35 * ps + 0.20 * pos + 0.18 * ps * pos
vb = vb_mean + rng.standard_normal(n) * np.sqrt(max(0.2, 1 - np.var(vb_mean)))
vb = (vb - vb.mean()) / vb.std()
latent = {"SL": sl, "PS": ps, "VB": vb, "POS": pos}

answers = {}
for c, texts in items.items():
    for k, _ in enumerate(texts):
        lam = rng.uniform(0.75, 0.85)
        x = lam * latent[c] + np.sqrt(1 - lam ** 2) * rng.standard_normal(n)
        code = np.searchsorted(cuts, x) + 1
        if c == "PS" and k == 3:
            code = 6 - code  # reverse-worded
        answers[f"{c}{k + 1}"] = code

genders = ["男", "女"]
ages = ["25岁及以下", "26-35岁", "36-45岁", "46岁及以上"]
tenure = ["1年以下", "1-3年", "4-10年", "10年以上"]
education = ["大专及以下", "本科", "硕士及以上"]
surnames = "王李张刘陈杨赵黄周吴"
given = "伟芳娜敏静丽强磊军洋"

rows = []
for i in range(n):
    seconds = int(rng.integers(80, 900))
    row = {"seconds": seconds, "gender": genders[rng.integers(2)], "age": ages[min(3, int(abs(rng.normal(1.2, 0.9))))],
           "tenure": tenure[int(rng.integers(4))], "education": education[min(2, int(abs(rng.normal(0.9, 0.7))))]}
    for k, v in answers.items():
        row[k] = agree5[v[i] - 1] if rng.random() > 0.01 else "(跳过)"
    rows.append(row)
for i in rng.choice(n, 6, replace=False):       # straight-liners
    for k in answers:
        rows[i][k] = "同意"
for i in rng.choice(n, 5, replace=False):       # too fast
    rows[i]["seconds"] = int(rng.integers(20, 55))

def duration(s):
    return "%d分%d秒" % divmod(s, 60) if s >= 60 else "%d秒" % s

headers = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的性别", "2、您的年龄", "3、您在本单位的工作年限", "4、您的学历"]
stems = {"SL": "您的直接领导", "PS": "您所在的团队", "VB": "您在工作中", "POS": "您所在的组织"}
question = {"SL": 5, "PS": 6, "VB": 7, "POS": 8}
for c, texts in items.items():
    headers += ["%d、(%s—%s)" % (question[c], stems[c], t) for t in texts]
headers += ["9、您的姓名", "10、您的手机号码"]
wb = openpyxl.Workbook()
ws = wb.active
ws.append(headers)
for i, r in enumerate(rows):
    name = surnames[int(rng.integers(10))] + given[int(rng.integers(10))] + given[int(rng.integers(10))]
    phone = "1%d%09d" % (int(rng.choice([3, 5, 8])), int(rng.integers(10 ** 9)))
    ip = "58.%d.%d.%d(广东-深圳)" % (int(rng.integers(256)), int(rng.integers(256)), int(rng.integers(256)))
    ws.append([i + 1, "2026-10-%02d 09:%02d:00" % (1 + i % 28, i % 60), duration(r["seconds"]), "微信", "直接访问", ip,
               r["gender"], r["age"], r["tenure"], r["education"]] + [r[k] for k in answers] + [name, phone])
wb.save(here / "responses-wjx-text.xlsx")
