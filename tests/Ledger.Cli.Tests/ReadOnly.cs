using System.Diagnostics;

namespace Ledger.Cli.Tests;

/// <summary>
/// Makes a file or folder unwritable for the user running the tests, and undoes it when disposed. Not as root,
/// permission bits do it. Root writes through them, so there the file or folder is made immutable (<c>chattr +i</c>),
/// which stops root too — CI runs as root, and this is how these tests exercise the read-only case there. Where
/// neither works (root on a file system without the immutable flag), the test is inconclusive and says why.
/// </summary>
internal sealed class ReadOnly : IDisposable
{
    private readonly string _path;
    private readonly bool _immutable;

    public ReadOnly(string path)
    {
        _path = path;
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("read-only files are made with Unix permissions or chattr here");
            return;
        }

        if (Environment.UserName != "root" && Run("id", "-u").Trim() != "0")
        {
            File.SetUnixFileMode(path, Directory.Exists(path) ? UnixFileMode.UserRead | UnixFileMode.UserExecute : UnixFileMode.UserRead);
            return;
        }

        string output = Run("chattr", "+i", path);
        bool immutable = false;
        try
        {
            immutable = Run("lsattr", "-d", path).Split(' ')[0].Contains('i');
            if (!immutable)
            {
                Assert.Inconclusive($"running as root, and 'chattr +i {path}' did not make it immutable ({output.Trim()}): root writes through " +
                                    "permission bits, so a read-only file cannot be made here");
            }
        }
        finally
        {
            // The constructor that throws is never disposed: whatever chattr did is undone here, or the temporary
            // folder could never be removed.
            if (!immutable) Run("chattr", "-i", path);
        }

        _immutable = true;
    }

    public void Dispose()
    {
        if (_immutable) Run("chattr", "-i", _path);
        else if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_path, Directory.Exists(_path) ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static string Run(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        try
        {
            using Process p = Process.Start(start)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }
}
