namespace Ledger.Reporting;

/// <summary>File paths as CI systems want them: forward slashes, relative when the user gave a relative path.</summary>
internal static class ReportPath
{
    /// <summary>The path with forward slashes.</summary>
    public static string Forward(string path) => path.Replace('\\', '/');

    /// <summary>A URI reference: a relative path stays relative (to the repository root), an absolute one becomes <c>file://</c>.</summary>
    public static string Uri(string path)
    {
        if (Path.IsPathFullyQualified(path))
        {
            return new Uri(path).AbsoluteUri;
        }

        string forward = Forward(path);
        if (forward.StartsWith("./", StringComparison.Ordinal)) forward = forward[2..];
        // Escape what a URI reference cannot hold as is (spaces, '#', '%', …), keeping the slashes.
        return string.Join('/', forward.Split('/').Select(System.Uri.EscapeDataString));
    }
}
