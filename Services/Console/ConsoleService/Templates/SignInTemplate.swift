/// The sign-in form of admins (identity's `signInWithPassword`).
enum SignInTemplate {
    static let text = """
        <h1>登录</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/signin" class="card narrow">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p><label for="username">用户名</label>
             <input id="username" name="username" autocomplete="username" required value="{{username}}"></p>
          <p><label for="password">密码</label>
             <input id="password" name="password" type="password" autocomplete="current-password" required></p>
          <p><button type="submit">登录</button></p>
        </form>
        <p class="hint">管理员（项目办、工作站、市县管理员）用平台账号登录。</p>
        <p><a class="button" href="/signin/training">教师、工作室主持人：经浙江省师训平台登录</a></p>
        """
}
