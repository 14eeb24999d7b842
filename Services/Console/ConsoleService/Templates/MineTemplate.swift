/// A teacher's own studios, each opening onto its report.
enum MineTemplate {
    static let text = """
        <h1>我的工作室</h1>
        {{#none}}<p class="notice">你尚未主持或加入任何工作室。</p>{{/none}}
        <ul class="studios">{{#studios}}<li><a href="/studios/{{id}}?year={{year}}">{{name}}</a>（{{role}}）
          · <a href="/studios/{{id}}/live?year={{year}}">本年度实时进度：要通过还需做什么</a>
          {{#leads}} · <a href="/studios/{{id}}/join-requests">入室申请</a>{{/leads}}</li>{{/studios}}</ul>
        <section aria-labelledby="record"><h2 id="record">我的学分与徽章</h2>
        {{^hasRecord}}<p>尚无已冻结年度的学分或徽章（合格省级工作室的主持人与学科带头人获得，R-MGT-4、R-MGT-6）。</p>{{/hasRecord}}
        {{#hasRecord}}
        <p>累计学分：<strong>{{totalCredits}}</strong></p>
        <table><thead><tr><th scope="col">年度</th><th scope="col">工作室</th><th scope="col">身份</th><th scope="col">学分</th></tr></thead>
          <tbody>{{#credits}}<tr><td>{{year}}</td><td>{{studioID}}</td><td>{{role}}</td><td>{{credits}}</td></tr>{{/credits}}</tbody></table>
        <ul class="badges">{{#badges}}<li>{{year}}年度 · {{studioName}} · {{role}} · 合格工作室徽章</li>{{/badges}}</ul>
        {{/hasRecord}}
        </section>
        """
}
