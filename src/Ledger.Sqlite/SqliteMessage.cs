using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite;

/// <summary>SQLite's own words from a <see cref="SqliteException"/>, without Microsoft.Data.Sqlite's wrapping.</summary>
internal static partial class SqliteMessage
{
    /// <summary><c>SQLite Error 1: 'no such table: x'.</c> becomes <c>no such table: x</c>.</summary>
    public static string Of(SqliteException exception)
    {
        Match m = Wrapped().Match(exception.Message);
        return m.Success ? m.Groups["text"].Value : exception.Message;
    }

    [GeneratedRegex(@"^SQLite Error \d+: '(?<text>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex Wrapped();
}
