#!/usr/bin/env python3
"""Drives `clusterstat serve` in headless Chromium (Selenium): the steps a
researcher takes, each checked and screenshotted into OUT. Usage:
check_serve.py URL-with-token OUT. Run by scripts/check-serve.sh."""
import os
import sys
import time
import urllib.error
import urllib.request
import zipfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DATA = os.path.join(ROOT, "Datasets/cluster-enterprise/responses-wjx.xlsx")
CODEBOOK = os.path.join(ROOT, "Datasets/cluster-enterprise/codebook.yaml")
FIRMS = os.path.join(ROOT, "Datasets/suzhou-firms/firms.csv")
FIRMS_CODEBOOK = os.path.join(ROOT, "Datasets/suzhou-firms/codebook.yaml")


def fail(message):
    print(f"check-serve: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def step(name):
    print(f"check-serve: {name}", flush=True)


def downloaded(driver, downloads, ids, want):
    """Clicks the download links `ids`, waits for the files `want` (name → the zip member each must hold)
    and returns them opened as zip files."""
    for i in ids:
        driver.find_element(By.ID, i).click()
    deadline = time.time() + 60
    while time.time() < deadline and not all(os.path.exists(os.path.join(downloads, f)) for f in want):
        time.sleep(0.5)
    out = {}
    for name, part in want.items():
        path = os.path.join(downloads, name)
        if not os.path.exists(path):
            fail(f"{name} was not downloaded: {os.listdir(downloads)}")
        z = zipfile.ZipFile(path)
        if part not in z.namelist():
            fail(f"{name} has no {part}")
        out[name] = z
    return out



def main():
    url, out = sys.argv[1], os.path.abspath(sys.argv[2])
    base = url.split("/?")[0]
    downloads = os.path.join(out, "downloads")
    os.makedirs(downloads, exist_ok=True)

    step("a request without the token is refused")
    for path in ["/", "/api/kinds"]:
        try:
            urllib.request.urlopen(base + path, timeout=10)
            fail(f"{path} answered without the token")
        except urllib.error.HTTPError as e:
            if e.code != 401:
                fail(f"{path} without the token: {e.code}, not 401")

    options = Options()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1100", "--lang=zh-CN"]:
        options.add_argument(a)
    options.binary_location = "/usr/bin/chromium"
    options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    wait = WebDriverWait(driver, 60)
    shot = lambda name: driver.save_screenshot(os.path.join(out, name))
    try:
        step("open the URL with the token")
        driver.get(url)
        if "token=" in driver.current_url:
            fail(f"the token stayed in the address bar: {driver.current_url}")
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#tabs button[data-tab=data]"), "数据"))
        shot("01-page.png")

        step("upload the 问卷星 export")
        driver.find_element(By.ID, "file").send_keys(DATA)
        driver.find_element(By.ID, "upload").click()
        wait.until(lambda d: d.find_element(By.ID, "rows").text.strip() != "")
        personal = driver.find_element(By.ID, "personal").text
        if "ip" not in personal:
            fail(f"the IP column is not listed as personal data: {personal}")
        shot("02-uploaded.png")

        step("edit the drafted codebook in the page: split Q7 into RE and SE, Q7_9 reverse-worded, save")
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#book-scales .scale")) >= 5)
        first = driver.find_elements(By.CSS_SELECTOR, "#book-scales .scale")[0]
        name = first.find_element(By.CSS_SELECTOR, "[data-field=name]")
        name.clear()
        name.send_keys("RE")
        for k in range(6, 10):
            first.find_element(By.CSS_SELECTOR, f".ticks input[value=Q7_{k}]").click()
        driver.find_element(By.ID, "book-add-scale").click()
        added = driver.find_elements(By.CSS_SELECTOR, "#book-scales .scale")[-1]
        added.find_element(By.CSS_SELECTOR, "[data-field=name]").send_keys("SE")
        added.find_element(By.CSS_SELECTOR, "[data-field=label]").send_keys("结构嵌入")
        for k in range(6, 10):
            added.find_element(By.CSS_SELECTOR, f".ticks input[value=Q7_{k}]").click()
        driver.find_element(By.CSS_SELECTOR, "#book-reverse input[value=Q7_9]").click()
        driver.find_element(By.ID, "book-add-set").click()
        new_set = driver.find_elements(By.CSS_SELECTOR, "#book-sets .set")[-1]
        new_set.find_element(By.CSS_SELECTOR, "[data-field=setname]").send_keys("agree7")
        new_set.find_element(By.CSS_SELECTOR, "[data-field=labels]").send_keys("完全不同意，不同意，有点不同意，一般，有点同意，同意，完全同意")
        driver.find_element(By.ID, "book-save").click()
        wait.until(lambda d: "已保存" in d.find_element(By.ID, "book-status").text or "error" in (d.find_element(By.ID, "book-status").get_attribute("class") or ""))
        if "已保存" not in driver.find_element(By.ID, "book-status").text:
            fail(f"saving the value set failed: {driver.find_element(By.ID, 'book-status').text}")
        first = driver.find_elements(By.CSS_SELECTOR, "#book-scales .scale")[0]
        Select(first.find_element(By.CSS_SELECTOR, "[data-field=values]")).select_by_value("agree7")
        driver.execute_script("document.getElementById('book-status').textContent = ''")
        driver.find_element(By.ID, "book-save").click()
        wait.until(lambda d: "已保存" in d.find_element(By.ID, "book-status").text or "error" in (d.find_element(By.ID, "book-status").get_attribute("class") or ""))
        if "已保存" not in driver.find_element(By.ID, "book-status").text:
            fail(f"saving the codebook form failed: {driver.find_element(By.ID, 'book-status').text}")
        names = [e.get_attribute("value") for e in driver.find_elements(By.CSS_SELECTOR, "#book-scales .scale [data-field=name]")]
        if names[0] != "RE" or "SE" not in names:
            fail(f"the saved codebook's scales are {names}")
        if not driver.find_element(By.CSS_SELECTOR, "#book-reverse input[value=Q7_9]").is_selected():
            fail("Q7_9 is not reverse-coded after saving")
        if Select(driver.find_elements(By.CSS_SELECTOR, "#book-scales .scale")[0].find_element(By.CSS_SELECTOR, "[data-field=values]")).first_selected_option.get_attribute("value") != "agree7":
            fail("RE's items do not carry the answer labels agree7 after saving")
        driver.execute_script("document.getElementById('book-editor').scrollIntoView()")
        shot("02b-codebook-form.png")

        step("upload the codebook: 310 valid responses after screening")
        driver.find_element(By.ID, "codebook-file").send_keys(CODEBOOK)
        driver.find_element(By.ID, "codebook-upload").click()
        wait.until(lambda d: d.find_element(By.ID, "rows").text.startswith("310"))
        driver.execute_script("document.getElementById('rows').scrollIntoView()")
        shot("03-codebook-310.png")

        step("reliability of RE: α 0.856")
        driver.find_element(By.CSS_SELECTOR, "#tabs button[data-tab=analyses]").click()
        driver.find_element(By.CSS_SELECTOR, "#menu button[data-kind=reliability]").click()
        driver.find_element(By.CSS_SELECTOR, ".ticks[data-name=scale] input[value=RE]").click()
        driver.find_element(By.ID, "run-analysis").click()
        frame = wait.until(EC.presence_of_element_located((By.ID, "result-frame")))
        driver.switch_to.frame(frame)
        text = wait.until(lambda d: d.find_element(By.TAG_NAME, "body").text)
        driver.switch_to.default_content()
        if "0.856" not in text:
            fail(f"the reliability table does not show α 0.856: {text[:400]}")
        shot("04-reliability.png")

        step("CFA from the codebook's scales: fit table and path diagram")
        driver.find_element(By.CSS_SELECTOR, "#menu button[data-kind=cfa]").click()
        driver.find_element(By.ID, "from-scales").click()
        if "RE =~" not in driver.find_element(By.CSS_SELECTOR, "#analysis-form [name=syntax]").get_attribute("value"):
            fail("the model was not built from the scales")
        driver.find_element(By.ID, "run-analysis").click()
        WebDriverWait(driver, 300).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#result .figure img")))
        frame = driver.find_element(By.ID, "result-frame")
        driver.switch_to.frame(frame)
        text = driver.find_element(By.TAG_NAME, "body").text
        driver.switch_to.default_content()
        if "CFI" not in text or "RMSEA" not in text:
            fail(f"no fit table in the CFA result: {text[:400]}")
        shot("05-cfa.png")

        step("the CFA result as Word and Excel files")
        files = downloaded(driver, downloads, ["result-docx", "result-xlsx"], {"cfa.docx": "word/document.xml", "cfa.xlsx": "xl/workbook.xml"})
        body = files["cfa.docx"].read("word/document.xml").decode("utf-8")
        if "RMSEA" not in body or not any(n.startswith("word/media/") for n in files["cfa.docx"].namelist()):
            fail("cfa.docx lacks the fit table or the path diagram")

        step("the full structural model of the codebook's plan: fit table and path diagram")
        driver.find_element(By.CSS_SELECTOR, "#menu button[data-kind=sem]").click()
        Select(driver.find_element(By.ID, "plan-model")).select_by_value("full")
        if "=~" not in driver.find_element(By.CSS_SELECTOR, "#analysis-form [name=syntax]").get_attribute("value"):
            fail("choosing the plan's model did not fill the syntax")
        # The live diagram follows the editor (drawn by the server, not fitted).
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#live-diagram img")))
        if "潜变量" not in driver.find_element(By.ID, "live-status").text:
            fail(f"the live diagram's note: {driver.find_element(By.ID, 'live-status').text}")
        driver.find_element(By.ID, "run-analysis").click()
        WebDriverWait(driver, 300).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#result .figure img")))
        driver.switch_to.frame(driver.find_element(By.ID, "result-frame"))
        text = driver.find_element(By.TAG_NAME, "body").text
        driver.switch_to.default_content()
        if "CFI" not in text or "RMSEA" not in text:
            fail(f"no fit table in the SEM result: {text[:400]}")
        shot("06-sem.png")

        step("a syntax error is shown with its line, live and after Run")
        driver.find_element(By.CSS_SELECTOR, "#analysis-form [name=syntax]").send_keys("\nKR =~ + KR1")
        wait.until(lambda d: "error" in (d.find_element(By.ID, "live-status").get_attribute("class") or ""))
        driver.find_element(By.ID, "run-analysis").click()
        wait.until(EC.presence_of_element_located((By.ID, "syntax-error")))
        shot("07-syntax-error.png")

        step("the coupling chapter's data and indicator codebook uploaded in the Study tab")
        driver.find_element(By.CSS_SELECTOR, "#tabs button[data-tab=study]").click()
        driver.find_element(By.ID, "coupling-data").send_keys(FIRMS)
        driver.find_element(By.ID, "coupling-codebook").send_keys(FIRMS_CODEBOOK)
        driver.find_element(By.ID, "coupling-upload").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "coupling-status"), "已就绪"))
        if "36 个单位" not in driver.find_element(By.ID, "coupling-status").text:
            fail(f"the coupling data did not read as 36 units: {driver.find_element(By.ID, 'coupling-status').text}")

        step("the whole study")
        driver.find_element(By.ID, "study-run").click()
        WebDriverWait(driver, 1200).until(EC.visibility_of_element_located((By.ID, "study-downloads")))
        status = driver.find_element(By.ID, "study-status").text
        if "error" in (driver.find_element(By.ID, "study-status").get_attribute("class") or ""):
            fail(f"the study reported a failure: {status}")
        frame = driver.find_element(By.ID, "study-report")
        driver.switch_to.frame(frame)
        report = driver.find_element(By.TAG_NAME, "body").text
        diagrams = len(driver.find_elements(By.CSS_SELECTOR, "svg, img"))
        driver.switch_to.default_content()
        if "假设" not in report or diagrams == 0:
            fail(f"the report lacks the hypothesis table or the figures ({diagrams}): {report[:300]}")
        if "耦合协调度" not in report or "灰色关联度" not in report:
            fail("the report lacks the coupling chapter")
        shot("08-study.png")

        step("download report.docx and report.xlsx")
        files = downloaded(driver, downloads, ["dl-docx", "dl-xlsx"], {"report.docx": "word/document.xml", "report.xlsx": "xl/workbook.xml"})
        doc = files["report.docx"].read("word/document.xml").decode("utf-8")
        if "Cronbach" not in doc and "信度" not in doc:
            fail("report.docx has no reliability section")
        if "word/media/" not in " ".join(files["report.docx"].namelist()):
            fail("report.docx has no figures")
        shot("09-downloads.png")

        step("English")
        driver.find_element(By.ID, "lang-en").click()
        driver.find_element(By.CSS_SELECTOR, "#tabs button[data-tab=data]").click()
        if driver.find_element(By.CSS_SELECTOR, "#tabs button[data-tab=data]").text != "Data":
            fail("the English switch did not change the labels")
        shot("10-english.png")

        step("a shipped example opened from the picker: the team-voice export with its codebook, 409 valid responses")
        Select(driver.find_element(By.ID, "example")).select_by_value("team-voice")
        driver.find_element(By.ID, "example-open").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "ds-file"), "responses-wjx-text.xlsx"))
        wait.until(EC.text_to_be_present_in_element((By.ID, "rows"), "409"))
        shot("11-example.png")
    finally:
        driver.quit()
    print("check-serve: all steps passed")


if __name__ == "__main__":
    main()
