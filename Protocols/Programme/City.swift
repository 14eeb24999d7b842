/// R-GEO-1: the eleven cities (设区市) of Zhejiang and province-direct units (省直).
public enum City: String, Codable, Sendable, CaseIterable {
    case hangzhou, ningbo, wenzhou, jiaxing, huzhou, shaoxing, jinhua, quzhou, zhoushan, taizhou, lishui
    case provinceDirect

    /// The city's Chinese name.
    public var chineseName: String {
        switch self {
        case .hangzhou: "杭州"
        case .ningbo: "宁波"
        case .wenzhou: "温州"
        case .jiaxing: "嘉兴"
        case .huzhou: "湖州"
        case .shaoxing: "绍兴"
        case .jinhua: "金华"
        case .quzhou: "衢州"
        case .zhoushan: "舟山"
        case .taizhou: "台州"
        case .lishui: "丽水"
        case .provinceDirect: "省直"
        }
    }
}
