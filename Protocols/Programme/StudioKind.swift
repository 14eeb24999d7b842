/// R-TYPE-1: subject studio, class-teacher studio (班主任工作室), vocational studio.
public enum StudioKind: String, Codable, Sendable, CaseIterable { case subject, classTeacher, vocational }
