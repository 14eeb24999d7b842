/// One line of a studio's report opened onto the records it counted (provenance), a page at a time.
enum LineTemplate {
    static let text = """
        <p><a href="/studios/{{studioID}}?year={{year}}">← 返回工作室报告</a></p>
        <h1>{{metric}}：{{value}}</h1>
        <p class="run">考核批次 <code>{{runID}}</code>（{{runStatus}}）· 共 {{total}} 条记录，各条贡献之和即该数值{{#asOf}} · 名册截至 {{asOf}}{{/asOf}}</p>
        {{#changed}}<p class="notice">冻结之后，其中 {{changed}} 条记录在数据来源处已有变化（见“现状”一栏）；本批次的记录与数值保持不变。</p>{{/changed}}
        <table>
          <thead><tr><th scope="col">记录</th><th scope="col">日期</th><th scope="col">贡献</th><th scope="col">说明</th><th scope="col">来源</th>{{#compared}}<th scope="col">现状</th>{{/compared}}</tr></thead>
          <tbody>{{#records}}<tr><td><code>{{id}}</code></td><td>{{day}}</td><td>{{contributed}}</td><td>{{note}}</td><td><code>{{method}}</code></td>{{#compared}}<td>{{changedSince}}</td>{{/compared}}</tr>{{/records}}</tbody>
        </table>
        {{#next}}<p><a href="/studios/{{studioID}}/lines/{{metricKey}}?year={{year}}&amp;page={{next}}">下一页</a></p>{{/next}}
        """
}
