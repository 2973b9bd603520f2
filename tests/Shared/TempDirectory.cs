namespace Ledger.Testing;

/// <summary>
/// A fresh folder for one test, removed afterwards: <see cref="Path"/> is the working directory, inside a parent of its
/// own (<see cref="Parent"/>), so a test can prove that nothing was written beside it either. Linked into each test
/// project that writes files; each test assembly has its own folder under the system's temp folder.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Parent = System.IO.Path.Combine(System.IO.Path.GetTempPath(), typeof(TempDirectory).Assembly.GetName().Name!, Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Parent, "work");
        Directory.CreateDirectory(Path);
    }

    public string Parent { get; }

    public string Path { get; }

    public string Write(string relativePath, string text)
    {
        string full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        // Lenient: a fuzzed text may hold a lone surrogate, written as U+FFFD (as an editor would save it).
        File.WriteAllText(full, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false));
        return full;
    }

    public string Full(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    /// <summary>Every file and folder under <see cref="Parent"/>, relative to it, sorted.</summary>
    public List<string> Entries() =>
        Directory.EnumerateFileSystemEntries(Parent, "*", SearchOption.AllDirectories)
            .Select(e => System.IO.Path.GetRelativePath(Parent, e)).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Parent, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
