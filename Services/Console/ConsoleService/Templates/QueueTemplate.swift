/// The workstation's (or the office's) queue of featured projects to decide, and one project's decision form.
enum QueueTemplate {
    static let list = """
        <h1>待办</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <h2 id="projects">待我决定：特色项目</h2>
        {{#empty}}<p class="notice">没有待决定的特色项目。</p>{{/empty}}
        {{#hasProjects}}
        <table>
          <caption>特色项目申请（{{count}} 项，先到先审）</caption>
          <thead><tr><th scope="col">工作室</th><th scope="col">年度</th><th scope="col">类型</th><th scope="col">主题</th><th scope="col"></th></tr></thead>
          <tbody>
          {{#projects}}<tr><td><a href="/studios/{{studioID}}?year={{year}}">{{studioName}}</a></td><td>{{year}}</td><td>{{type}}</td><td>{{theme}}</td>
            <td><a href="/queue/projects/{{id}}">审核</a></td></tr>{{/projects}}
          </tbody>
        </table>
        {{/hasProjects}}
        {{{reviewSections}}}
        """

    /// Research outcomes to approve (label 浙江省名师网络工作室项目研究成果) or reject with a reason (R-FEAT-4).
    static let outcomes = """
        <section aria-labelledby="outcomes"><h2 id="outcomes">待我决定：研究成果（{{count}} 项）</h2>
        {{#none}}<p class="notice">没有待决定的研究成果。</p>{{/none}}
        {{#outcomes}}
        <form method="post" action="/queue/outcomes/{{id}}" class="card review">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p><strong>{{title}}</strong> · <a href="/studios/{{studioID}}?year={{year}}">{{studioName}}</a> · {{year}}年度</p>
          <p>{{recognition}}</p><p class="hint">规则：R-FEAT-4（公开发表或获得省级及以上奖励方可认定）</p>
          <p><input type="radio" id="accept-{{id}}" name="decision" value="accept" required> <label class="inline" for="accept-{{id}}">认定</label>
             <input type="radio" id="refuse-{{id}}" name="decision" value="refuse"> <label class="inline" for="refuse-{{id}}">不认定</label></p>
          <p><label for="reason-{{id}}">意见（不认定时必填）</label><input id="reason-{{id}}" name="reason" size="60"></p>
          <p><button type="submit">提交决定</button></p>
        </form>
        {{/outcomes}}
        </section>
        """

    /// Subject leaders' lectures and awards to accept or refuse with a reason (R-TASK-2, R-TASK-3).
    static let records = """
        <section aria-labelledby="records"><h2 id="records">待我审核：学科带头人讲座与获奖（{{count}} 项）</h2>
        {{#none}}<p class="notice">没有待审核的讲座或获奖记录。</p>{{/none}}
        {{#records}}
        <form method="post" action="/queue/records/{{id}}" class="card review">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p><strong>{{kind}}：{{title}}</strong> · {{level}}{{#rank}} {{rank}}{{/rank}} · {{date}}</p>
          <p>工作室 <a href="/studios/{{studioID}}?year={{year}}">{{studioName}}</a> · 教师 {{teacherID}}{{#evidence}} · 证明材料 {{evidence}}{{/evidence}}</p>
          <p><input type="radio" id="accept-{{id}}" name="decision" value="accept" required> <label class="inline" for="accept-{{id}}">同意计入</label>
             <input type="radio" id="refuse-{{id}}" name="decision" value="refuse"> <label class="inline" for="refuse-{{id}}">不同意</label></p>
          <p><label for="reason-{{id}}">理由（不同意时必填）</label><input id="reason-{{id}}" name="reason" size="60"></p>
          <p><button type="submit">提交审核</button></p>
        </form>
        {{/records}}
        </section>
        """

    /// Electronic notices of provincial activities, published (numbered) or rejected by the office (R-MGT-7).
    static let notices = """
        <section aria-labelledby="notices"><h2 id="notices">待我审核：电子通知（{{count}} 份）</h2>
        {{#none}}<p class="notice">没有待审核的电子通知。</p>{{/none}}
        {{#notices}}
        <form method="post" action="/queue/notices/{{id}}" class="card review">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p>工作室 <a href="/studios/{{studioID}}?year={{year}}">{{studioName}}</a> · 活动 {{activityID}} · 提交于 {{draftedAt}}</p>
          <blockquote class="notice-body">{{body}}</blockquote>
          <p><input type="radio" id="accept-{{id}}" name="decision" value="accept" required> <label class="inline" for="accept-{{id}}">发布（编号并生成验证码）</label>
             <input type="radio" id="refuse-{{id}}" name="decision" value="refuse"> <label class="inline" for="refuse-{{id}}">退回</label></p>
          <p><label for="reason-{{id}}">意见（退回时必填）</label><input id="reason-{{id}}" name="reason" size="60"></p>
          <p><button type="submit">提交审核</button></p>
        </form>
        {{/notices}}
        </section>
        """

    /// Open anomaly flags of the caller's studios, each decided in place: a reason always (R-MGT-1 review).
    static let flags = """
        <section aria-labelledby="flags"><h2 id="flags">待我复核：异常提示（{{year}}年度）</h2>
        {{#noFlags}}<p class="notice">没有待复核的异常提示。</p>{{/noFlags}}
        {{#flags}}
        <form method="post" action="/queue/flags/{{id}}?year={{year}}" class="card flag">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p><strong>{{check}}</strong> · <a href="/studios/{{studioID}}?year={{year}}">{{studioName}}</a> · {{records}} 条记录</p>
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
