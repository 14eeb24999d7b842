/// A year's ranking of one level, filterable by city; the run it comes from named, live or frozen.
enum RankingTemplate {
    static let text = """
        <h1>{{year}}年度考核排名 · {{levelName}}</h1>
        <form method="get" action="/ranking" class="filters" aria-label="筛选">
          <label for="year">年度</label>
          <select id="year" name="year">{{#years}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/years}}</select>
          <label for="level">级别</label>
          <select id="level" name="level">{{#levels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/levels}}</select>
          <label for="city">地市</label>
          <select id="city" name="city"><option value="">全部</option>{{#cities}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/cities}}</select>
          <label for="stage">学段</label>
          <select id="stage" name="stage"><option value="">全部</option>{{#stages}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/stages}}</select>
          <label for="subject">学科</label><input id="subject" name="subject" value="{{subject}}" size="6">
          <label for="workstation">名师工作站</label><input id="workstation" name="workstation" value="{{workstation}}" size="8">
          <label for="tier">档次</label><input id="tier" name="tier" value="{{tier}}" size="4" placeholder="如 一档">
          <button type="submit">筛选</button>
        </form>
        {{#run}}
        <p class="run">考核批次 <code>{{id}}</code> · {{status}} · {{studios}} 个工作室，合格 {{passed}} 个，{{createdAt}}
          · <a href="/ranking.csv?year={{year}}">下载 CSV（Excel）</a></p>
        {{/run}}
        {{#empty}}<p class="notice">{{empty}}</p>{{/empty}}
        {{#hasRows}}
        <section class="charts" aria-label="图表">{{{charts}}}</section>
        <table class="ranking">
          <caption>{{levelName}}排名（{{count}} 个）</caption>
          <thead><tr><th scope="col">排名</th><th scope="col">工作室</th><th scope="col">地市</th><th scope="col">工作站</th>
            <th scope="col">考核结果</th><th scope="col">得分</th><th scope="col">档次</th><th scope="col">补助（元）</th></tr></thead>
          <tbody>
          {{#rows}}
          <tr class="{{#passed}}pass{{/passed}}{{^passed}}fail{{/passed}}">
            <td>{{rank}}</td><td><a href="/studios/{{studioID}}?year={{year}}">{{name}}</a></td><td>{{city}}</td><td>{{workstation}}</td>
            <td>{{result}}</td><td>{{score}}</td><td>{{tier}}</td><td>{{amount}}</td>
          </tr>
          {{/rows}}
          </tbody>
        </table>
        {{/hasRows}}
        """
}
