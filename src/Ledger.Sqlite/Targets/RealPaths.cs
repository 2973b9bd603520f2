namespace Ledger.Sqlite.Targets;

/// <summary>
/// Paths with every symbolic link resolved, component by component (what realpath(3) gives, also for a path whose
/// last link leads nowhere): where a database really is, whatever links lie on the way.
/// </summary>
internal static class RealPaths
{
    /// <summary>More links than this on one path is a loop (Linux's limit for ELOOP).</summary>
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>The real path of an absolute path, or null when its links loop.</summary>
    public static string? Of(string fullPath)
    {
        string root = Path.GetPathRoot(fullPath)!;
        return Below(root, fullPath[root.Length..], out _);
    }

    /// <summary>
    /// The real path of <paramref name="relative"/> below <paramref name="realFolder"/> (a folder already resolved),
    /// or null when its links loop. <paramref name="danglingLink"/> is true when its last component is a link whose
    /// final target does not exist.
    /// </summary>
    /// <exception cref="IOException">A component cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A folder on the way cannot be listed.</exception>
    public static string? Below(string realFolder, string relative, out bool danglingLink)
    {
        var parts = new Stack<string>();
        Push(parts, relative);
        string current = realFolder;
        int links = 0;
        bool lastIsLink = false;
        while (parts.TryPop(out string? part))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            string next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is not string target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                danglingLink = false;
                return null;
            }

            lastIsLink |= parts.Count == 0;
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            Push(parts, target);
        }

        danglingLink = lastIsLink && !Path.Exists(current);
        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or below it (both real and full).</summary>
    public static bool IsWithin(string path, string folder)
    {
        StringComparison comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string trimmed = Path.TrimEndingDirectorySeparator(folder);
        return path.Equals(trimmed, comparison)
               || (path.StartsWith(trimmed, comparison) && path.Length > trimmed.Length && Separators.Contains(path[trimmed.Length]))
               || (trimmed.Length > 0 && Separators.Contains(trimmed[^1]) && path.StartsWith(trimmed, comparison));
    }

    private static void Push(Stack<string> parts, string path)
    {
        string[] split = path.Split(Separators);
        for (int i = split.Length - 1; i >= 0; i--) parts.Push(split[i]);
    }
}
