/// A studio's report of a year: its checklist with what is missing in words, and its score.
enum StudioTemplate {
    static let text = """
        <p><a href="/ranking?year={{year}}">← 返回排名</a></p>
        <h1>{{name}}</h1>
        <p class="run">{{year}}年度 · {{levelName}} · {{city}} · 考核批次 <code>{{runID}}</code>（{{runStatus}}）</p>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
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
        {{#hasManual}}<section aria-labelledby="manual"><h2 id="manual">人工评分（名师工作站或项目办）</h2>
          {{#manual}}<form method="post" action="/studios/{{studioID}}/manual?year={{year}}" class="card">
            <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="indicator" value="{{name}}">
            <p><label for="score-{{name}}">{{name}}（满分 {{maximum}}）</label><input id="score-{{name}}" name="score" inputmode="decimal" size="6" required>
               <label class="inline" for="comment-{{name}}">评语</label><input id="comment-{{name}}" name="comment" size="40">
               <button type="submit">保存评分</button></p>
          </form>{{/manual}}
        </section>{{/hasManual}}
        {{#historyChart}}<section aria-labelledby="history"><h2 id="history">历年考核</h2>{{{historyChart}}}</section>{{/historyChart}}
        {{#hasComposition}}<section aria-labelledby="roster"><h2 id="roster">团队构成</h2>
        <table>
          <thead><tr><th scope="col">规则</th><th scope="col">内容</th><th scope="col">人数</th><th scope="col">标准</th><th scope="col">结果</th></tr></thead>
          <tbody>{{#composition}}<tr class="{{#passed}}pass{{/passed}}{{^passed}}fail{{/passed}}"><td>{{rule}}</td><td>{{description}}</td><td>{{value}}</td><td>{{threshold}}</td><td>{{result}}</td></tr>{{/composition}}</tbody>
        </table>
        <p class="hint">未配导师的核心成员：{{withoutMentor}} 人</p>
        </section>{{/hasComposition}}
        {{#hasNotices}}<section aria-labelledby="notices"><h2 id="notices">电子通知（R-MGT-7）</h2>
        <table>
          <thead><tr><th scope="col">编号</th><th scope="col">状态</th><th scope="col">提交</th><th scope="col">内容</th><th scope="col">验证码</th></tr></thead>
          <tbody>{{#notices}}<tr><td>{{number}}</td><td>{{status}}{{#note}}：{{note}}{{/note}}</td><td>{{draftedAt}}</td><td>{{body}}</td><td><code>{{code}}</code></td></tr>{{/notices}}</tbody>
        </table>
        </section>{{/hasNotices}}
        {{#hasActivities}}<section aria-labelledby="activities"><h2 id="activities">{{year}}年度活动</h2>
        {{^anyActivities}}<p>本年度尚无活动。</p>{{/anyActivities}}
        {{#anyActivities}}<table>
          <thead><tr><th scope="col">时间</th><th scope="col">活动</th><th scope="col">类型</th><th scope="col">状态</th><th scope="col">参与人次</th></tr></thead>
          <tbody>{{#activities}}<tr><td>{{startsAt}}</td><td>{{title}}</td><td>{{kind}}</td><td>{{status}}</td><td>{{participants}}</td></tr>{{/activities}}</tbody>
        </table>{{/anyActivities}}
        </section>{{/hasActivities}}
        {{#hasResources}}<section aria-labelledby="resources"><h2 id="resources">{{year}}年度资源</h2>
        {{^anyResources}}<p>本年度尚无资源。</p>{{/anyResources}}
        {{#anyResources}}<table>
          <thead><tr><th scope="col">资源</th><th scope="col">类型</th><th scope="col">精品（R-TASK-5）</th></tr></thead>
          <tbody>{{#resources}}<tr><td>{{title}}</td><td>{{type}}</td><td>{{#premium}}精品{{/premium}}{{^premium}}—{{/premium}}
            {{#decides}}<form method="post" action="/studios/{{studioID}}/premium?year={{year}}" class="inline-form">
              <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="resourceID" value="{{id}}">
              <input type="hidden" name="action" value="{{#premium}}withdraw{{/premium}}{{^premium}}mark{{/premium}}">
              <label class="inline" for="reason-{{id}}">理由</label><input id="reason-{{id}}" name="reason" size="24" required>
              <button type="submit">{{#premium}}撤销精品{{/premium}}{{^premium}}评为精品{{/premium}}</button>
            </form>{{/decides}}</td></tr>{{/resources}}</tbody>
        </table>{{/anyResources}}
        </section>{{/hasResources}}
        """
}
