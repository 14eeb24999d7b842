/// R-LVL-1.
public enum StudioLevel: String, Codable, Sendable, CaseIterable { case province, city, county }
