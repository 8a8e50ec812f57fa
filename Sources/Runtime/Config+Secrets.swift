import Foundation

extension Config {
    /// Reads the secret for a secret-file key.
    ///
    /// A credential passed by systemd (`LoadCredential=database.password:...`
    /// puts a file named `database.password` in `$CREDENTIALS_DIRECTORY`)
    /// wins over the configured path, because it is how the service unit
    /// hands secrets to a `DynamicUser` that cannot read `/etc`. The trailing
    /// newline editors add is trimmed; an empty secret is an error, since it
    /// would only fail later and less clearly.
    static func readSecret(_ key: ConfigKey, setting: Setting?, environment: [String: String]) throws(RuntimeError) -> Setting? {
        if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(key.credentialName).path
            if FileManager.default.fileExists(atPath: path) {
                let location = "credential \(key.credentialName)"
                return Setting(value: .secret(path: path, try readSecretFile(path, key: key, location: location)), origin: location)
            }
        }
        guard let setting, case .secret(let path, _) = setting.value else { return setting }
        let secret = try readSecretFile(path, key: key, location: setting.origin)
        return Setting(value: .secret(path: path, secret), origin: setting.origin)
    }

    private static func readSecretFile(_ path: String, key: ConfigKey, location: String) throws(RuntimeError) -> Secret {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RuntimeError(.unreadableSecret, "cannot read secret file \(path): \(reason(error))", location: location, key: key.dotted)
        }
        var trimmed = Substring(text)
        while let last = trimmed.last, last == "\n" || last == "\r\n" || last == "\r" {
            trimmed = trimmed.dropLast()
        }
        guard !trimmed.isEmpty else {
            throw RuntimeError(.unreadableSecret, "secret file \(path) is empty", location: location, key: key.dotted)
        }
        return Secret(String(trimmed))
    }
}
