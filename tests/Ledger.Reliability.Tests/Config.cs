namespace Ledger.Reliability.Tests;

/// <summary>ledger.json files for the suite.</summary>
public static class Config
{
    /// <summary>
    /// The system database and users from a query and path template, or from <paramref name="glob"/> when given;
    /// <paramref name="backupDir"/> sets backup.dir, <paramref name="allowSymlinksOutside"/> users.allowSymlinksOutside.
    /// </summary>
    public static string Users(bool backup = false, int busyTimeoutMs = 30000, bool createMissing = true, string path = "data/users/{user}.db",
        string query = "SELECT username FROM users ORDER BY username", string? glob = null, string? backupDir = null, bool allowSymlinksOutside = false)
    {
        string users = glob is null
            ? $$"""{ "query": "{{query.Replace("\"", "\\\"", StringComparison.Ordinal)}}", "path": "{{path}}", "createMissing": {{Json(createMissing)}}"""
            : $$"""{ "glob": "{{glob}}" """;
        return $$"""
            {
              "system": "data/system.db",
              "users": {{users}}{{(allowSymlinksOutside ? ", \"allowSymlinksOutside\": true" : "")}} },
              "busyTimeoutMs": {{busyTimeoutMs}},
              "backup": { "enabled": {{Json(backup)}}{{(backupDir is null ? "" : $", \"dir\": \"{backupDir}\"")}} }
            }
            """;
    }

    private static string Json(bool value) => value ? "true" : "false";

    public const string SystemOnly = """
        {
          "system": "data/system.db",
          "backup": { "enabled": true }
        }
        """;
}
