/// The office's runs of a year: run, freeze, apply — each saying what it will do before it is done.
enum RunsTemplate {
    static let text = """
        <h1>{{year}}年度考核批次</h1>
        {{#message}}<p class="notice" role="status">{{message}}</p>{{/message}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        {{#running}}<p class="notice" role="status"><label for="progress" class="inline">正在执行，已用 {{seconds}} 秒；完成后本页显示结果。</label>
          <progress id="progress">执行中</progress></p>{{/running}}
        <table>
          <thead><tr><th scope="col">批次</th><th scope="col">状态</th><th scope="col">工作室</th><th scope="col">合格</th><th scope="col">不作为</th><th scope="col">开始</th><th scope="col">拉取/计算</th></tr></thead>
          <tbody>{{#runs}}<tr><td><code>{{id}}</code></td><td>{{status}}</td><td>{{studios}}</td><td>{{passed}}</td><td>{{idle}}</td><td>{{createdAt}}</td><td>{{timing}}</td></tr>{{/runs}}</tbody>
        </table>
        {{#noRuns}}<p>本年度尚无考核批次。</p>{{/noRuns}}
        {{^frozen}}
        <form method="post" action="/office/runs?year={{year}}" class="card">
          <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="run">
          <h2>运行考核</h2>
          <p>从成员、资源、活动三个服务读取全部在建工作室本年度的记录，按本年度规则判定、排名、分档并提示异常；结果为“实时”，可多次运行，冻结前不影响任何人。大约需要一到两秒。</p>
          <p><button type="submit">运行 {{year}} 年度考核</button></p>
        </form>
        {{#latest}}
        <form method="post" action="/office/runs?year={{year}}" class="card">
          <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="freeze">
          <input type="hidden" name="runID" value="{{latest}}">
          <h2>冻结批次 <code>{{latest}}</code></h2>
          <p>冻结后本年度排名不再改变（R-MGT-2）：各服务关闭本年度的记录，不能再运行；合格省级工作室的主持人与学科带头人获得学分（R-MGT-6）。此操作不可撤销。</p>
          <p><input type="checkbox" id="confirm" name="confirm" value="yes" required> <label class="inline" for="confirm">我已核对本批次结果</label></p>
          <p><button type="submit">冻结</button></p>
        </form>
        {{/latest}}
        {{/frozen}}
        {{#frozen}}
        <form method="post" action="/office/runs?year={{year}}" class="card">
          <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="apply">
          <input type="hidden" name="runID" value="{{frozenID}}">
          <h2>执行考核结果</h2>
          <p>按冻结批次：撤销 {{close}} 个、降级 {{demote}} 个、晋升 {{promote}} 个工作室（R-MGT-5、R-LVL-2），合格省级主持人列入下一轮候选（R-APP-2）。重复执行不会重复生效。</p>
          <p><button type="submit">执行</button></p>
        </form>
        {{/frozen}}
        """
}
