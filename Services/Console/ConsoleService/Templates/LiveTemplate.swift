/// A leader's live checklist: what to do to pass this year, each line with the records behind it.
enum LiveTemplate {
    static let text = """
        <p><a href="/mine">← 我的工作室</a></p>
        <h1>{{name}} · {{year}}年度实时进度</h1>
        <p class="run">按当前数据计算（{{asOf}}），与下一次考核的判定一致；规则版本 v{{ruleSetVersion}}，标准 {{floor}}。</p>
        <p class="verdict {{#passed}}pass{{/passed}}{{^passed}}fail{{/passed}}">{{verdict}} · 当前得分 {{score}}</p>
        {{#hasMissing}}<section aria-labelledby="todo"><h2 id="todo">要通过考核还需</h2>
          <ul class="missing">{{#missing}}<li><strong>{{rule}}</strong> {{text}}</li>{{/missing}}</ul></section>{{/hasMissing}}
        <section aria-labelledby="lines"><h2 id="lines">逐项明细</h2>
        {{#lines}}
          <details><summary><strong>{{rule}}</strong> {{description}} — {{value}} / {{threshold}} {{result}}</summary>
            {{#hasRecords}}<ul class="records">{{#records}}<li><code>{{id}}</code> {{day}} {{note}}</li>{{/records}}</ul>{{/hasRecords}}
            {{^hasRecords}}<p>没有记录。</p>{{/hasRecords}}
            {{#more}}<p>共 {{total}} 条，仅列出前 100 条。</p>{{/more}}
          </details>
        {{/lines}}
        </section>
        """
}
