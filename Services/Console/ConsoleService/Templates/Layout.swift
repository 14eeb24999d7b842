/// The frame of every page: Chinese, readable on a laptop and a phone, one stylesheet served by the console, no
/// script. `body` is a page already rendered (and escaped) by its own template.
enum LayoutTemplate {
    static let text = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · 浙江名师网工作室平台</title>
        {{#refresh}}<meta http-equiv="refresh" content="{{refresh}}">{{/refresh}}
        <link rel="stylesheet" href="/static/console.css">
        </head>
        <body>
        <a class="skip" href="#main">跳到正文</a>
        <header class="top">
          <p class="brand"><a href="/">浙江名师网 · 工作室管理</a></p>
          {{#signedIn}}
          <nav aria-label="主导航">
            {{#admin}}<a href="/ranking">考核排名</a>{{/admin}}
            {{#teacher}}<a href="/mine">我的工作室</a>{{/teacher}}
            {{#reviews}}<a href="/queue">待办</a>{{/reviews}}
            {{#office}}<a href="/office/runs">考核批次</a>{{/office}}
            {{#applications}}<a href="/applications">申报</a>{{/applications}}
            {{#places}}<a href="/city/studios">本市工作室</a>{{/places}}
            {{#admin}}<a href="/quotas">名额与附件1</a>{{/admin}}
            <form method="post" action="/signout" class="inline">
              <input type="hidden" name="csrf" value="{{csrf}}">
              <span class="who">{{subject}}（{{roleNames}}）</span>
              <button type="submit">退出</button>
            </form>
          </nav>
          {{/signedIn}}
        </header>
        <main id="main">
        {{{body}}}
        </main>
        <footer><p>时间均为北京时间。数据来自平台各服务，按当前登录者的权限显示。</p></footer>
        </body>
        </html>
        """
}
