"""Writes the export-layout fixtures of issue 19 (run: python3 make_export_fixtures.py).

Needs openpyxl (pip); the tests need nothing. Seeded: the same files every run.

One questionnaire of 60 respondents unlike the book's (team trust TR, information
sharing IS, innovation performance IP, 5- and 7-point items), in the forms
researchers hand us:
  wjx-text-matrix.xlsx   问卷星 "按选项文本": matrix headers "5、(题干—子题)", answers as
                         texts (7-point 符合 scale and 5-point agreement scale), "(跳过)",
                         a "┋" multi-select, an open question, a "其他" companion,
                         contact fields (填写人, 手机, 邮箱)
  wjx-codes-matrix.xlsx  the same as "按选项序号": "5(子题)" headers, codes, -2 for skips
  title-row.xlsx         a plain sheet with a merged title row and a note row above the header
  likert-ip.csv          a CSV whose construct columns are named TR1…, IS1…, and IP (1–5)
  qualtrics.csv          a Qualtrics CSV export: two extra header rows, choice texts,
                         IPAddress, RecipientEmail, LocationLatitude/Longitude
  exports-planted.txt    every personal value planted, one per line (no output may show one)
"""
import csv
import json
import pathlib
import random

import openpyxl

here = pathlib.Path(__file__).parent
rng = random.Random(20261201)
n = 60
conform7 = ["完全不符合", "不符合", "比较不符合", "一般", "比较符合", "符合", "完全符合"]
agree5 = ["非常不同意", "不同意", "一般", "同意", "非常同意"]
agree5_en = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
tr_items = ["团队成员彼此信任", "成员会兑现承诺", "成员相信彼此的能力"]
is_items = ["我们及时分享工作信息", "我们分享失败的经验", "我们互通客户反馈"]
ip_items = ["团队提出了新的产品创意", "团队改进了工作流程", "团队的创新成果获得认可"]
channels = ["展会", "网络", "熟人介绍", "行业协会"]
surnames = "赵钱孙李周吴郑王冯陈"
given = "明华强丽军敏杰芳涛静"
planted = []

rows = []
for i in range(n):
    # Three factors correlated .5 through a shared part: trust, sharing, innovation.
    common = rng.gauss(0, 1)
    traits = [0.7 * common + 0.71 * rng.gauss(0, 1) for _ in range(3)]
    def item(k, t, loading=0.8):
        x = (k + 1) / 2 + loading * t * (k / 4) + rng.gauss(0, 0.6 * k / 4)
        return max(1, min(k, round(x)))
    tr = [item(7, traits[0]) for _ in tr_items]
    iss = [item(5, traits[1]) for _ in is_items]
    ip = [item(5, traits[2]) for _ in ip_items]
    if i % 17 == 3:
        iss[1] = None  # skipped
    chosen = [c for c in channels if rng.random() < 0.45] or [channels[0]]
    other = "朋友推荐" if rng.random() < 0.15 else None
    name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
    phone = "1%d%09d" % (rng.choice([3, 5, 8]), rng.randrange(10**9))
    mail = "user%03d@example.cn" % rng.randrange(1000)
    planted += [name, phone, mail]
    rows.append(dict(tr=tr, iss=iss, ip=ip, chosen=chosen, other=other, name=name, phone=phone, mail=mail,
                     size=rng.randint(1, 4), seconds=rng.randint(80, 900), ideas="希望加强培训" if i % 5 == 0 else None))

def duration(s):
    return "%d分%d秒" % divmod(s, 60) if s >= 60 else "%d秒" % s

def write(path, headers, body, title=None, note=None, merge=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
        if merge:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    if note:
        ws.append([note])
    ws.append(headers)
    for r in body:
        ws.append(r)
    wb.save(path)

meta = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
stem_tr, stem_is, stem_ip = "请评价团队的情况", "请评价信息分享", "请评价团队创新"
text_headers = meta + ["1、团队规模"] + ["2、(%s—%s)" % (stem_tr, s) for s in tr_items] + ["3、(%s—%s)" % (stem_is, s) for s in is_items] \
    + ["4、(%s—%s)" % (stem_ip, s) for s in ip_items] + ["5、您获取合作伙伴的渠道", "5(其他)", "6、您对团队建设的建议", "7、填写人", "8、手机", "9、邮箱"]
sizes = ["10人以下", "10-30人", "31-100人", "100人以上"]
body = []
for i, r in enumerate(rows):
    ip = "10.%d.%d.%d(江苏-苏州)" % (i, rng.randrange(256), rng.randrange(256))
    planted.append(ip.split("(")[0])
    body.append([i + 1, "2026-11-%02d 10:%02d:00" % (1 + i % 28, i % 60), duration(r["seconds"]), "微信", "直接访问", ip, sizes[r["size"] - 1]]
                + [conform7[v - 1] for v in r["tr"]] + [agree5[v - 1] if v else "(跳过)" for v in r["iss"]] + [agree5[v - 1] for v in r["ip"]]
                + ["┋".join(r["chosen"] + (["其他"] if r["other"] else [])), r["other"] or "(空)", r["ideas"] or "(空)", r["name"], r["phone"], r["mail"]])
write(here / "wjx-text-matrix.xlsx", text_headers, body)

code_headers = meta + ["1、团队规模"] + ["2(%s)" % s for s in tr_items] + ["3(%s)" % s for s in is_items] + ["4(%s)" % s for s in ip_items] \
    + ["5(%s)" % c for c in channels] + ["6、您对团队建设的建议", "7、填写人", "8、手机", "9、邮箱"]
body = []
for i, r in enumerate(rows):
    body.append([i + 1, "2026-11-%02d 10:%02d:00" % (1 + i % 28, i % 60), r["seconds"], "微信", "直接访问", "10.%d.0.1" % i, r["size"]]
                + r["tr"] + [v if v else -2 for v in r["iss"]] + r["ip"] + [1 if c in r["chosen"] else 0 for c in channels]
                + [r["ideas"] or "(空)", r["name"], r["phone"], r["mail"]])
write(here / "wjx-codes-matrix.xlsx", code_headers, body)

plain_headers = ["编号", "团队规模"] + ["TR%d" % k for k in range(1, 4)] + ["IS%d" % k for k in range(1, 4)] + ["IP1", "IP2", "IP3"]
body = [[i + 1, r["size"]] + r["tr"] + [v if v else None for v in r["iss"]] + r["ip"] for i, r in enumerate(rows)]
write(here / "title-row.xlsx", plain_headers, body, title="2026年团队创新调查数据（内部资料）", note="注：1–7 分量表，空格为未作答", merge=True)

with open(here / "likert-ip.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["TR1", "TR2", "TR3", "IS1", "IS2", "IS3", "IP", "联系电话"])
    for r in rows:
        w.writerow(r["tr"] + [v if v else "" for v in r["iss"]] + [round(sum(r["ip"]) / 3)] + [r["phone"]])

q_cols = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
          "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
          "DistributionChannel", "UserLanguage", "Q1", "Q2_1", "Q2_2", "Q2_3", "Q3_1", "Q3_2", "Q3_3"]
q_text = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)", "Finished", "Recorded Date",
          "Response ID", "Recipient Last Name", "Recipient First Name", "Recipient Email", "External Data Reference", "Location Latitude",
          "Location Longitude", "Distribution Channel", "User Language", "Team size"] \
    + ["How far do you agree? - %s" % s for s in ["Members trust each other", "Members keep promises", "Members trust each other's skills"]] \
    + ["How far do you agree? - %s" % s for s in ["We share information in time", "We share failures", "We pass on customer feedback"]]
q_ids = [{"ImportId": k} for k in ["startDate", "endDate", "status", "ipAddress", "progress", "duration", "finished", "recordedDate", "_recordId",
                                  "recipientLastName", "recipientFirstName", "recipientEmail", "externalDataReference", "locationLatitude",
                                  "locationLongitude", "distributionChannel", "userLanguage", "QID1", "QID2_1", "QID2_2", "QID2_3", "QID3_1", "QID3_2", "QID3_3"]]
with open(here / "qualtrics.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(q_cols)
    w.writerow(q_text)
    w.writerow([json.dumps(x) for x in q_ids])
    for i, r in enumerate(rows):
        ip = "172.16.%d.%d" % (i, rng.randrange(256))
        lat, lon = "31.%04d" % rng.randrange(10000), "120.%04d" % rng.randrange(10000)
        planted += [ip, lat, lon]
        five = [min(5, max(1, (v + 1) // 2 + 1)) for v in r["tr"]]
        w.writerow(["2026-11-01 10:00:00", "2026-11-01 10:%02d:00" % (r["seconds"] // 60 % 60), "IP Address", ip, 100, r["seconds"], "True",
                    "2026-11-01 10:15:00", "R_%08x" % rng.randrange(16**8), r["name"][0], r["name"][1:], r["mail"], "", lat, lon, "anonymous", "EN",
                    r["size"]] + [agree5_en[v - 1] for v in five] + [agree5_en[v - 1] if v else "" for v in r["iss"]])

(here / "exports-planted.txt").write_text("\n".join(sorted(set(planted))) + "\n", encoding="utf-8")
