/// The console's one stylesheet (served at /static/console.css): readable contrast, a narrow layout on phones, and
/// a print style that keeps the ranking and a report and drops the navigation.
enum Stylesheet {
    static let text = """
        :root { --ink: #1a1a1a; --muted: #555; --line: #c8c8c8; --accent: #0b5394; --pass: #1e6b32; --fail: #a11b1b; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #fff; }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus { outline: 3px solid #f1a000; outline-offset: 1px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
        header.top { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; padding: 8px 16px; border-bottom: 1px solid var(--line); }
        .brand a { font-weight: bold; text-decoration: none; color: var(--ink); }
        nav a { margin-right: 12px; } form.inline { display: inline; } .who { color: var(--muted); margin-right: 8px; }
        main { padding: 16px; max-width: 1200px; margin: 0 auto; }
        footer { padding: 8px 16px; color: var(--muted); font-size: 14px; border-top: 1px solid var(--line); }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
        th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
        caption { text-align: left; font-weight: bold; padding: 4px 0; }
        tr.fail td:nth-child(5) { color: var(--fail); font-weight: bold; } tr.pass td:nth-child(5) { color: var(--pass); }
        .verdict.pass { color: var(--pass); font-weight: bold; } .verdict.fail { color: var(--fail); font-weight: bold; }
        .error { color: var(--fail); border-left: 4px solid var(--fail); padding: 4px 8px; background: #fdf0f0; }
        .notice { border-left: 4px solid var(--accent); padding: 4px 8px; background: #eef4fb; }
        .card.narrow { max-width: 420px; } label { display: block; font-weight: bold; }
        label.inline { display: inline; font-weight: normal; margin: 0 16px 0 4px; } form.inline-form { display: inline; }
        form.card.review, form.card.flag { border: 1px solid var(--line); border-radius: 6px; padding: 4px 16px; margin: 8px 0 16px; }
        blockquote.notice-body { margin: 8px 0; padding: 8px 12px; border-left: 4px solid var(--line); white-space: pre-wrap; }
        tr.total td, tr.total th { font-weight: bold; border-top: 2px solid var(--ink); }
        input, select, button { font: inherit; padding: 6px 8px; } button { background: var(--accent); color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
        .filters label { display: inline; margin: 0 4px 0 12px; } .run, .hint { color: var(--muted); }
        ul.missing li { margin: 4px 0; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; } dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 8px 24px; margin: 8px 0 16px; }
        svg.chart { width: 100%; max-width: 520px; height: auto; } svg.chart text { font-size: 15px; fill: var(--ink); } svg.chart rect.bar { fill: var(--accent); } svg.chart rect.fail { fill: var(--fail); }
        @media (max-width: 640px) { table.ranking td:nth-child(3), table.ranking th:nth-child(3), table.ranking td:nth-child(4), table.ranking th:nth-child(4) { display: none; } .filters label { display: block; margin: 8px 0 0; } }
        @media print { header.top, footer, .filters, .skip, nav { display: none; } a { color: inherit; text-decoration: none; } main { max-width: none; padding: 0; } }
        """
}
