/// Says a reminder's lead time in words, in the customer's language.
///
/// Foundation's DateComponentsFormatter is unavailable on Linux, so the
/// few phrases reminders need are spelled out here for the shipped locales;
/// other languages get English, like a missing template does.
enum LeadTimeWording {
    static func describe(minutes: Int, locale: String) -> String {
        let words = LanguageCode.of(locale) == "es" ? spanish : english
        if minutes > 0, minutes % 1440 == 0, minutes >= 2880 {
            return "\(minutes / 1440) \(words.days)"
        }
        if minutes > 0, minutes % 60 == 0 {
            let hours = minutes / 60
            return "\(hours) \(hours == 1 ? words.hour : words.hours)"
        }
        return "\(minutes) \(minutes == 1 ? words.minute : words.minutes)"
    }

    private struct Words {
        let minute, minutes, hour, hours, days: String
    }

    private static let english = Words(minute: "minute", minutes: "minutes", hour: "hour", hours: "hours", days: "days")
    private static let spanish = Words(minute: "minuto", minutes: "minutos", hour: "hora", hours: "horas", days: "días")
}
