using System.Text;
using System.Text.RegularExpressions;

namespace Ledger.Targets;

/// <summary>
/// The rule for the names of a set's members (user names in the legacy <c>user</c> set) and for every other value that goes into a member's
/// location (a query's further columns): <c>^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$</c>, nor a name a file system would not
/// keep apart. The same for every engine and every source, so that a hostile value is refused before any engine turns
/// it into a path, a connection string or an identifier.
/// </summary>
public static partial class MemberNames
{
    /// <summary>Why a member's name is rejected, or null when it is fine (the same rule for every set and source).</summary>
    /// <param name="name">The member's name.</param>
    /// <param name="scope">The set's scope: the legacy <c>user</c> set says "user name", any other "member name".</param>
    public static string? NameProblem(string name, string scope = Model.Scopes.User) =>
        Problem(name, $"{Noun(scope)} '{Printable(name)}'", $"a {Noun(scope)}");

    /// <summary>What a member's name is called in messages: "user name" in the legacy <c>user</c> set, else "member name".</summary>
    public static string Noun(string scope) => scope == Model.Scopes.User ? "user name" : "member name";

    /// <summary>
    /// Why the value of a placeholder (a further column of a set's query) is rejected, or null when it is fine: held to
    /// the rule for members' names, since it goes into the member's location too.
    /// </summary>
    /// <param name="member">The member's name, for the message.</param>
    /// <param name="placeholder">The placeholder (the column's name).</param>
    /// <param name="value">Its value for that member.</param>
    /// <param name="scope">The set's scope, which names the member in the message (<c>user 'alice'</c>).</param>
    public static string? PlaceholderProblem(string member, string placeholder, string value, string scope = Model.Scopes.User) =>
        Problem(value, $"{scope} '{Printable(member)}': {{{placeholder}}} '{Printable(value)}'", "a value that goes into a database's location");

    private static string? Problem(string value, string subject, string what)
    {
        if (!ValidName().IsMatch(value))
        {
            return $"{subject} is rejected: {what} must match ^[A-Za-z0-9][A-Za-z0-9._-]{{0,127}}$";
        }

        // Names the pattern allows but a file system does not keep apart. Windows drops trailing dots ('alice.' would
        // share a file or folder with 'alice' when {user} ends a path segment) and opens a device for CON, NUL, COM1…
        // whatever the extension. Rejected on every OS, so that a list of users means the same everywhere.
        if (value.EndsWith('.'))
        {
            return $"{subject} is rejected: it ends with a dot, which Windows drops (it would be the same file as '{Printable(value.TrimEnd('.'))}')";
        }

        if (ReservedDeviceName().IsMatch(value))
        {
            return $"{subject} is rejected: it is a reserved device name on Windows";
        }

        return null;
    }

    /// <summary>A name safe to print: control characters escaped, long names cut.</summary>
    public static string Printable(string name)
    {
        var sb = new StringBuilder();
        foreach (char c in name.Length > 80 ? name[..80] : name)
        {
            sb.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return name.Length > 80 ? sb + $"… ({name.Length} characters)" : sb.ToString();
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z")]
    private static partial Regex ValidName();

    [GeneratedRegex(@"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?\z", RegexOptions.IgnoreCase)]
    private static partial Regex ReservedDeviceName();
}
