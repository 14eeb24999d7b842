/// The office's and city admins' pages: leader applications (R-APP-2) with Attachments 2–4, quotas with
/// Attachment 1 (R-STAT-1), a city's studios; and a studio leader's join requests (R-APP-8).
enum AdminTemplates {
    static let applications = """
        <h1>{{year}}年度工作室主持人申报 · {{cityName}}</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        {{#office}}<form method="get" action="/applications" class="filters" aria-label="筛选">
          <input type="hidden" name="year" value="{{year}}">
          <label for="city">地市</label>
          <select id="city" name="city"><option value="">全省</option>{{#cities}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/cities}}</select>
          <button type="submit">筛选</button>
        </form>{{/office}}
        {{#exports}}<p>下载（Excel）：<a href="/exports/attachment2.csv?year={{year}}&amp;city={{city}}">附件2 省级主持人推荐汇总</a>
          · <a href="/exports/attachment3.csv?year={{year}}&amp;city={{city}}">附件3 学科带头人申报</a>
          · <a href="/exports/attachment4.csv?city={{city}}">附件4 管理员名单</a></p>{{/exports}}
        {{#none}}<p class="notice">本年度暂无申报。</p>{{/none}}
        {{^none}}<table>
          <caption>申报（{{count}} 份）</caption>
          <thead><tr><th scope="col">申报人</th><th scope="col">地市</th><th scope="col">级别</th><th scope="col">学段学科</th><th scope="col">资格</th><th scope="col">状态</th><th scope="col">决定</th></tr></thead>
          <tbody>{{#applications}}<tr><td>{{name}}</td><td>{{city}}</td><td>{{level}}</td><td>{{stage}} {{subject}}</td><td>{{eligibility}}</td><td class="application-status">{{status}}</td>
            <td>{{#decisions}}<form method="post" action="/applications/{{id}}?year={{year}}" class="inline-form">
              <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="decision" value="{{value}}">
              <label class="inline" for="reason-{{id}}-{{value}}">理由</label><input id="reason-{{id}}-{{value}}" name="reason" size="16">
              <button type="submit">{{label}}</button></form>{{/decisions}}</td></tr>{{/applications}}</tbody>
        </table>
        <p class="hint">退回或不入围须写明理由（R-APP-2）。</p>{{/none}}
        """

    static let quotas = """
        <h1>名额与附件1</h1>
        <section aria-labelledby="attachment1"><h2 id="attachment1">附件1：各地市在运行工作室数（实时）</h2>
        <p><a href="/exports/attachment1.csv">下载附件1（Excel）</a></p>
        <table>
          <thead><tr><th scope="col">地市</th><th scope="col">省级</th><th scope="col">市级</th><th scope="col">县级</th><th scope="col">合计</th></tr></thead>
          <tbody>{{#rows}}<tr><td>{{name}}</td><td>{{province}}</td><td>{{cityLevel}}</td><td>{{county}}</td><td>{{total}}</td></tr>{{/rows}}
          {{#totals}}<tr class="total"><th scope="row">{{name}}</th><td>{{province}}</td><td>{{cityLevel}}</td><td>{{county}}</td><td>{{total}}</td></tr>{{/totals}}</tbody>
        </table></section>
        {{#hasQuotas}}<section aria-labelledby="quotas"><h2 id="quotas">名额</h2>
        <table>
          <thead><tr><th scope="col">地区</th><th scope="col">级别</th><th scope="col">名额</th><th scope="col">已用</th><th scope="col">剩余</th></tr></thead>
          <tbody>{{#quotas}}<tr class="{{#full}}fail{{/full}}"><td>{{place}}</td><td>{{level}}</td><td>{{limit}}</td><td>{{used}}</td><td>{{left}}</td></tr>{{/quotas}}</tbody>
        </table></section>{{/hasQuotas}}
        """

    static let cityStudios = """
        <h1>{{cityName}}工作室（{{count}} 个）</h1>
        {{#office}}<form method="get" action="/city/studios" class="filters" aria-label="筛选">
          <label for="city">地市</label>
          <select id="city" name="city">{{#cities}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/cities}}</select>
          <button type="submit">查看</button>
        </form>{{/office}}
        {{#none}}<p class="notice">暂无工作室。</p>{{/none}}
        {{^none}}<table>
          <thead><tr><th scope="col">工作室</th><th scope="col">级别</th><th scope="col">区县</th><th scope="col">学段学科</th><th scope="col">状态</th></tr></thead>
          <tbody>{{#studios}}<tr><td><a href="/studios/{{id}}?year={{year}}">{{name}}</a></td><td>{{level}}</td><td>{{county}}</td><td>{{stage}} {{subject}}</td><td>{{status}}</td></tr>{{/studios}}</tbody>
        </table>{{/none}}
        """

    static let joinRequests = """
        <p><a href="/mine">← 我的工作室</a></p>
        <h1>{{name}} · 入室申请（{{count}} 份待处理）</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        {{#none}}<p class="notice">没有待处理的入室申请。</p>{{/none}}
        {{#requests}}
        <form method="post" action="/studios/{{studioID}}/join-requests/{{id}}" class="card review">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p><strong>{{name}}</strong> · {{school}}（{{city}}{{#rural}}，乡村学校{{/rural}}） · 申请于 {{createdAt}}</p>
          {{#message}}<p>{{message}}</p>{{/message}}
          <p><input type="radio" id="accept-{{id}}" name="decision" value="accept" required> <label class="inline" for="accept-{{id}}">同意成为核心成员</label>
             <input type="radio" id="refuse-{{id}}" name="decision" value="refuse"> <label class="inline" for="refuse-{{id}}">不同意</label></p>
          <p><label for="reason-{{id}}">理由（不同意时必填）</label><input id="reason-{{id}}" name="reason" size="60"></p>
          <p><button type="submit">提交</button></p>
        </form>
        {{/requests}}
        <p class="hint">核心成员不超过 100 人（R-COMP-5）。</p>
        """
}
