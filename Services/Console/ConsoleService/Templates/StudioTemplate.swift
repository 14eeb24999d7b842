/// A studio's report of a year: its checklist with what is missing in words, and its score.
enum StudioTemplate {
    static let text = """
        <p><a href="/ranking?year={{year}}">← 返回排名</a></p>
        <h1>{{name}}</h1>
        <p class="run">{{year}}年度 · {{levelName}} · {{city}} · 考核批次 <code>{{runID}}</code>（{{runStatus}}）</p>
        <p class="verdict {{#passed}}pass{{/passed}}{{^passed}}fail{{/passed}}">{{verdict}} · 得分 {{score}} · 第 {{rank}} 名{{#tier}} · {{tier}}{{/tier}}</p>
        {{#hasMissing}}
        <section aria-labelledby="missing"><h2 id="missing">未达标项</h2>
          <ul class="missing">{{#missing}}<li><strong>{{rule}}</strong> {{text}}</li>{{/missing}}</ul>
        </section>
        {{/hasMissing}}
        <section aria-labelledby="checklist"><h2 id="checklist">基本任务</h2>
        <table>
          <thead><tr><th scope="col">规则</th><th scope="col">内容</th><th scope="col">实际</th><th scope="col">标准</th><th scope="col">结果</th></tr></thead>
          <tbody>
          {{#checklist}}<tr class="{{#passed}}pass{{/passed}}{{^passed}}fail{{/passed}}"><td>{{rule}}</td><td>{{description}}</td><td><a href="/studios/{{studioID}}/lines/{{metric}}?year={{year}}" aria-label="{{rule}} 的记录">{{value}}</a></td><td>{{threshold}}</td><td>{{result}}</td></tr>{{/checklist}}
          </tbody>
        </table>
        </section>
        {{#hasFlags}}<section aria-labelledby="flags"><h2 id="flags">异常提示（供工作站复核，不改变得分）</h2>
          <ul class="flags">{{#flags}}<li><strong>{{check}}</strong>（{{status}}）{{detail}} — {{records}} 条记录；规则：{{rule}}</li>{{/flags}}</ul>
        </section>{{/hasFlags}}
        <section aria-labelledby="project">{{#project}}<h2 id="project">特色项目</h2>
          {{#none}}<p>本年度未申请特色项目。</p>{{/none}}
          {{^none}}<dl class="facts"><dt>主题</dt><dd>{{theme}}</dd><dt>类型</dt><dd>{{type}}</dd>
            <dt>状态</dt><dd class="project-status">{{status}}</dd>
            {{#decidedBy}}<dt>决定</dt><dd>{{decidedBy}}，{{decidedAt}}{{#note}}：{{note}}{{/note}}</dd>{{/decidedBy}}
            <dt>进度</dt><dd>{{progress}}</dd></dl>{{/none}}
        {{/project}}</section>
        <section aria-labelledby="score"><h2 id="score">得分明细</h2>
        <table>
          <thead><tr><th scope="col">指标</th><th scope="col">数量</th><th scope="col">得分</th></tr></thead>
          <tbody>{{#breakdown}}<tr><td>{{indicator}}</td><td>{{value}}</td><td>{{points}}</td></tr>{{/breakdown}}</tbody>
        </table>
        </section>
        """
}
