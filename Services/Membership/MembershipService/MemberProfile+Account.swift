import IdentityAPI
import MembershipAPI

/// Membership's roster entry, built from identity's account (the one owner of who a teacher is).
extension MemberProfile {
    /// The roster profile identity records for the account: never what a caller says about the person.
    init(account: Account) {
        self.init(
            teacherID: account.id,
            name: account.name,
            school: account.school,
            schoolCity: account.city,
            rural: account.rural,
            pairedRegion: account.pairedRegion
        )
    }
}
