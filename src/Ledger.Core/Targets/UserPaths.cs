using System.Text;
using System.Text.RegularExpressions;
using Ledger.Execution;
using Ledger.Model;

namespace Ledger.Targets;

/// <summary>
/// Turns a user name into a database path through a template such as <c>data/users/{user}.db</c>, refusing names that
/// are not <c>^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$</c> or that would resolve outside the template's directory, and
/// paths that the template's folder refuses (<see cref="UserFolder"/>: a symbolic link out of it, a link to nothing, a
/// backup folder). A rejected name is never turned into a path.
/// </summary>
public static partial class UserPaths
{
    /// <summary>The placeholder in a template.</summary>
    public const string Placeholder = "{user}";

    /// <summary>Checks a template: it must hold <c>{user}</c> once, in its file name or a folder below a fixed one.</summary>
    public static string? CheckTemplate(string template) =>
        template.Split(Placeholder).Length != 2
            ? $"users.path '{template}' must contain {Placeholder} exactly once"
            : null;

    /// <summary>Resolves a user's database, or says why the name or its path is rejected.</summary>
    /// <param name="name">The user name.</param>
    /// <param name="template">The path template.</param>
    /// <param name="folder">The template's folder with its rules (made once per source); null for the default rules.</param>
    public static UserDatabase Resolve(string name, string template, UserFolder? folder = null)
    {
        if (NameProblem(name) is string problem)
        {
            return new UserDatabase(name, null, problem);
        }

        string path = template.Replace(Placeholder, name, StringComparison.Ordinal);
        string root = Path.GetFullPath(TemplateRoot(template));
        string full = Path.GetFullPath(path);
        string rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            return new UserDatabase(name, null, $"user name '{Printable(name)}' is rejected: it would resolve outside {root}");
        }

        folder ??= new UserFolder(TemplateRoot(template));
        if (folder.Problem(path[RootLength(template)..], path) is string refused)
        {
            return new UserDatabase(name, null, refused);
        }

        return new UserDatabase(name, new DatabaseTarget(Scopes.User, name, path), null);
    }

    /// <summary>Why a user name is rejected, or null when it is fine (spec §2.1: the same rule for every user source).</summary>
    public static string? NameProblem(string name)
    {
        if (!ValidName().IsMatch(name))
        {
            return $"user name '{Printable(name)}' is rejected: a user name must match ^[A-Za-z0-9][A-Za-z0-9._-]{{0,127}}$";
        }

        // Names the pattern allows but a file system does not keep apart. Windows drops trailing dots ('alice.' would
        // share a file or folder with 'alice' when {user} ends a path segment) and opens a device for CON, NUL, COM1…
        // whatever the extension. Rejected on every OS, so that a list of users means the same everywhere.
        if (name.EndsWith('.'))
        {
            return $"user name '{Printable(name)}' is rejected: it ends with a dot, which Windows drops (it would be the same file as '{Printable(name.TrimEnd('.'))}')";
        }

        if (ReservedDeviceName().IsMatch(name))
        {
            return $"user name '{Printable(name)}' is rejected: it is a reserved device name on Windows";
        }

        return null;
    }

    /// <summary>The fixed folder a template's paths must stay in: everything before the segment holding {user}.</summary>
    public static string TemplateRoot(string template)
    {
        int length = RootLength(template);
        return length == 0 ? "." : template[..length];
    }

    /// <summary>How many characters of the template are its fixed folder (0 when it has none).</summary>
    private static int RootLength(string template)
    {
        int at = template.IndexOf(Placeholder, StringComparison.Ordinal);
        string before = at < 0 ? template : template[..at];
        return before.LastIndexOfAny(['/', '\\']) + 1;
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
