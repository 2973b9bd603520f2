namespace Ledger.Reliability.Tests;

/// <summary>ledger.json files for the suite.</summary>
public static class Config
{
    public static string Users(bool backup = false, int busyTimeoutMs = 30000, bool createMissing = true, string path = "data/users/{user}.db",
        string query = "SELECT username FROM users ORDER BY username") => $$"""
        {
          "system": "data/system.db",
          "users": { "query": "{{query.Replace("\"", "\\\"", StringComparison.Ordinal)}}", "path": "{{path}}", "createMissing": {{(createMissing ? "true" : "false")}} },
          "busyTimeoutMs": {{busyTimeoutMs}},
          "backup": { "enabled": {{(backup ? "true" : "false")}} }
        }
        """;

    public const string SystemOnly = """
        {
          "system": "data/system.db",
          "backup": { "enabled": true }
        }
        """;
}
