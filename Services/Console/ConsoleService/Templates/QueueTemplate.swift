/// The workstation's (or the office's) queue of featured projects to decide, and one project's decision form.
enum QueueTemplate {
    static let list = """
        <h1>待我决定：特色项目</h1>
        {{#empty}}<p class="notice">没有待决定的特色项目。</p>{{/empty}}
        {{#hasProjects}}
        <table>
          <caption>特色项目申请（{{count}} 项，先到先审）</caption>
          <thead><tr><th scope="col">工作室</th><th scope="col">年度</th><th scope="col">类型</th><th scope="col">主题</th><th scope="col"></th></tr></thead>
          <tbody>
          {{#projects}}<tr><td><a href="/studios/{{studioID}}?year={{year}}">{{studioID}}</a></td><td>{{year}}</td><td>{{type}}</td><td>{{theme}}</td>
            <td><a href="/queue/projects/{{id}}">审核</a></td></tr>{{/projects}}
          </tbody>
        </table>
        {{/hasProjects}}
        {{{flagsSection}}}
        """

    /// Open anomaly flags of the caller's studios, each decided in place: a reason always (R-MGT-1 review).
    static let flags = """
        <section aria-labelledby="flags"><h2 id="flags">待我复核：异常提示（{{year}}年度）</h2>
        {{#noFlags}}<p class="notice">没有待复核的异常提示。</p>{{/noFlags}}
        {{#flags}}
        <form method="post" action="/queue/flags/{{id}}" class="card flag">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p><strong>{{check}}</strong> · <a href="/studios/{{studioID}}?year={{year}}">{{studioID}}</a> · {{records}} 条记录</p>
          <p>{{detail}}</p><p class="hint">规则：{{rule}}</p>
          <p><input type="radio" id="accept-{{id}}" name="status" value="accepted" required> <label class="inline" for="accept-{{id}}">采纳</label>
             <input type="checkbox" id="exclude-{{id}}" name="exclude" value="all"> <label class="inline" for="exclude-{{id}}">并将这些记录排除出计数</label>
             <input type="radio" id="dismiss-{{id}}" name="status" value="dismissed"> <label class="inline" for="dismiss-{{id}}">驳回</label></p>
          <p><label for="reason-{{id}}">理由（必填）</label><input id="reason-{{id}}" name="reason" size="60"></p>
          <p><button type="submit">提交复核</button></p>
        </form>
        {{/flags}}
        </section>
        """

    static let project = """
        <p><a href="/queue">← 返回待办</a></p>
        <h1>特色项目：{{theme}}</h1>
        <dl class="facts">
          <dt>工作室</dt><dd><a href="/studios/{{studioID}}?year={{year}}">{{studioID}}</a></dd>
          <dt>年度</dt><dd>{{year}}</dd><dt>类型</dt><dd>{{type}}</dd><dt>说明</dt><dd>{{description}}</dd>
        </dl>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/queue/projects/{{id}}" class="card">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <fieldset><legend>决定（R-FEAT-1）</legend>
            <p><input type="radio" id="approve" name="decision" value="approve" required> <label for="approve" class="inline">批准</label>
               <input type="radio" id="reject" name="decision" value="reject"> <label for="reject" class="inline">不批准</label></p>
            <p><label for="note">意见（不批准时必填）</label><textarea id="note" name="note" rows="3" cols="60"></textarea></p>
            <p><button type="submit">提交决定</button></p>
          </fieldset>
        </form>
        """
}
