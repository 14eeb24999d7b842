"""The console in a real browser: Debian's headless Chromium driven through WebDriver (Selenium).

Run by Tests/EndToEndTests/BrowserTests.swift against the console and the five services it started; prints "ok" when
every check held, else fails with the check that did not. Screenshots of the main pages go to --screenshots.
"""
import argparse, csv, os, shutil, sys, time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def password(username):
    return f"Zj-{username}-2026!"


def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def sign_in(driver, base, username):
    driver.delete_all_cookies()
    driver.get(base + "/signin")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password(username))
    driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/ranking" in d.current_url)


def main():
    parser = argparse.ArgumentParser()
    for name in ["url", "year", "studio-a", "studio-b", "project", "outcome", "screenshots", "expected-csv"]:
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()
    base, year = args.url, args.year
    os.makedirs(args.screenshots, exist_ok=True)
    downloads = os.path.join(args.screenshots, "downloads")
    shutil.rmtree(downloads, ignore_errors=True)  # an earlier run's file would be taken for this one
    os.makedirs(downloads, exist_ok=True)
    shot = lambda driver, name: driver.save_screenshot(os.path.join(args.screenshots, name + ".png"))
    driver = browser(downloads)
    try:
        # The office signs in, opens the ranking, filters by city, opens a studio and sees its missing tasks.
        driver.get(base + "/ranking")
        check("/signin" in driver.current_url, "signed out, the ranking sends to sign-in")
        shot(driver, "signin")
        sign_in(driver, base, "office-web")
        driver.get(f"{base}/ranking?year={year}")
        page = driver.page_source
        check("杭州数学名师工作室" in page and "语文" in page, "the ranking lists both studios")
        check(driver.find_elements(By.TAG_NAME, "b") == [], "a studio's name with markup is shown as text")
        charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
        check(len(charts) >= 2 and "得分分布" in page and "各地市合格率" in page, "the ranking draws its charts")
        shot(driver, "ranking")
        Select(driver.find_element(By.ID, "city")).select_by_value("hangzhou")
        driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
        WebDriverWait(driver, 10).until(lambda d: "city=hangzhou" in d.current_url)
        check("杭州数学名师工作室" in driver.page_source and "语文" not in driver.page_source, "filtered by city")
        driver.find_element(By.LINK_TEXT, "杭州数学名师工作室").click()
        WebDriverWait(driver, 10).until(lambda d: "/studios/" in d.current_url)
        check("未达标项" in driver.page_source and "还差" in driver.page_source, "the studio page says what is missing")
        shot(driver, "studio")

        # The CSV download holds the same rows as the ranking export.
        driver.get(f"{base}/ranking?year={year}")
        driver.find_element(By.PARTIAL_LINK_TEXT, "CSV").click()
        deadline = time.time() + 15
        files = []
        while time.time() < deadline:
            files = [f for f in os.listdir(downloads) if f.endswith(".csv")]
            if files:
                break
            time.sleep(0.2)
        check(files, "the CSV was downloaded")
        with open(os.path.join(downloads, files[0]), encoding="utf-8-sig", newline="") as downloaded:
            got = list(csv.reader(downloaded))
        with open(args.expected_csv, encoding="utf-8-sig", newline="") as expected:
            want = list(csv.reader(expected))
        check(got == want and len(got) >= 3, f"the CSV rows are the export's ({len(got)} vs {len(want)})")

        # A form posted without its CSRF token is refused, and the session stays.
        driver.execute_script("document.querySelector('header form input[name=csrf]').remove()")
        driver.find_element(By.CSS_SELECTOR, "header form button").click()
        WebDriverWait(driver, 10).until(lambda d: "表单已失效" in d.page_source)
        driver.get(f"{base}/ranking?year={year}")
        check("/ranking" in driver.current_url and "杭州" in driver.page_source, "still signed in after the refused form")

        # Another workstation cannot open the project of the first studio's workstation.
        sign_in(driver, base, "ws-web-1")
        driver.get(f"{base}/queue/projects/{args.project}")
        check("无权" in driver.page_source and "R-FEAT-1" in driver.page_source, "another workstation's item is refused")
        shot(driver, "refused")

        # The studio's workstation decides the project from its queue; the studio page shows the decision.
        sign_in(driver, base, "ws-web-0")
        driver.get(base + "/queue")
        check("名师面对面：数学建模" in driver.page_source, "the project waits in its workstation's queue")
        shot(driver, "queue")
        driver.find_element(By.LINK_TEXT, "审核").click()
        driver.find_element(By.ID, "approve").click()
        driver.find_element(By.ID, "note").send_keys("同意立项")
        driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "/studios/" in d.current_url)
        check("已批准" in driver.page_source and "同意立项" in driver.page_source, "the studio page shows the decision")
        shot(driver, "decided")

        # The same workstation approves the studio's research outcome in place, from its queue.
        driver.get(base + "/queue")
        check("单元整体教学研究" in driver.page_source, "the research outcome waits in the queue")
        form = driver.find_element(By.CSS_SELECTOR, f"form[action='/queue/outcomes/{args.outcome}']")
        form.find_element(By.ID, f"accept-{args.outcome}").click()
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "没有待决定的研究成果" in d.page_source)
        shot(driver, "queue-decided")

        # A studio leader signs in through the training system's page and sees only their own studio.
        driver.delete_all_cookies()
        driver.get(base + "/signin/training")
        WebDriverWait(driver, 10).until(lambda d: "/sso" in d.current_url)
        driver.find_element(By.ID, "trainingID").send_keys("cl-0")
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "返回浙江名师网" in d.page_source)
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/mine"))
        page = driver.page_source
        check("杭州数学名师工作室" in page and "语文" not in page, "a teacher's page lists only their own studio")
        check(driver.find_elements(By.LINK_TEXT, "考核排名") == [], "a teacher's navigation offers no ranking")
        shot(driver, "mine")
        driver.find_element(By.LINK_TEXT, "杭州数学名师工作室").click()
        WebDriverWait(driver, 10).until(lambda d: f"/studios/{args.studio_a}" in d.current_url)
        check("基本任务" in driver.page_source, "the teacher opens their own studio's report")
        driver.get(f"{base}/studios/{args.studio_b}?year={year}")
        check("无权" in driver.page_source and "R-MGT-1" in driver.page_source, "another studio is refused to the teacher")
        driver.get(f"{base}/ranking?year={year}")
        check("无权" in driver.page_source and "杭州数学名师工作室" not in driver.page_source, "the ranking is not the teacher's")
    finally:
        driver.quit()
    print("ok")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"failed: {failure}", file=sys.stderr)
        sys.exit(1)
