/// A teacher's own studios, each opening onto its report.
enum MineTemplate {
    static let text = """
        <h1>我的工作室</h1>
        {{#none}}<p class="notice">你尚未主持或加入任何工作室。</p>{{/none}}
        <ul class="studios">{{#studios}}<li><a href="/studios/{{id}}?year={{year}}">{{name}}</a>（{{role}}）
          · <a href="/studios/{{id}}/live?year={{year}}">本年度实时进度：要通过还需做什么</a>
          {{#leads}} · <a href="/studios/{{id}}/join-requests">入室申请</a>{{/leads}}</li>{{/studios}}</ul>
        """
}
