/// A refusal or failure of a service, in words: the service's message, the member and the rule it names.
enum ErrorTemplate {
    static let text = """
        <h1>{{heading}}</h1>
        <p class="error" role="alert">{{message}}</p>
        {{#field}}<p>相关字段：<code>{{field}}</code></p>{{/field}}
        {{#rule}}<p>依据规则：<code>{{rule}}</code></p>{{/rule}}
        <p><a href="/ranking">返回首页</a></p>
        """
}
