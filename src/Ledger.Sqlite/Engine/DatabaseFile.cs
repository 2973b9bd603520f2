using System.Runtime.InteropServices;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// What stands at a database's path, following symbolic links to the final file, found without opening it. Anything
/// but a regular file is refused before SQLite sees the path: opening a FIFO (named pipe) for reading blocks until
/// something writes to it (status, verify and plan hung there for ever), a directory is not a missing database, and a
/// device such as <c>/dev/null</c> is never a database Ledger should write to.
/// </summary>
internal static class DatabaseFile
{
    /// <summary>What a path names.</summary>
    internal enum Kind
    {
        /// <summary>Nothing (or a symbolic link to nothing).</summary>
        Missing,

        /// <summary>A regular file.</summary>
        Regular,

        /// <summary>A directory.</summary>
        Directory,

        /// <summary>A FIFO (named pipe).</summary>
        Fifo,

        /// <summary>A character device, such as <c>/dev/null</c>.</summary>
        CharacterDevice,

        /// <summary>A block device.</summary>
        BlockDevice,

        /// <summary>A Unix domain socket.</summary>
        Socket,
    }

    /// <summary>What stands at <paramref name="path"/> (symbolic links followed).</summary>
    internal static Kind KindOf(string path)
    {
        if (!OperatingSystem.IsWindows() && UnixKind(path) is Kind kind)
        {
            return kind;
        }

        // Windows has no FIFOs or devices at file paths; elsewhere this is the fallback when the runtime's stat is not
        // reachable (then a FIFO or device looks like a regular file, as it did before).
        return Directory.Exists(path) ? Kind.Directory : File.Exists(path) ? Kind.Regular : Kind.Missing;
    }

    /// <summary>
    /// Throws when something other than a regular file (or nothing) stands at <paramref name="path"/>.
    /// </summary>
    /// <exception cref="IOException">The path is a directory, FIFO, device or socket.</exception>
    internal static void EnsureRegularOrMissing(string path)
    {
        Kind kind = KindOf(path);
        if (kind is Kind.Regular or Kind.Missing)
        {
            return;
        }

        string what = kind switch
        {
            Kind.Directory => "a directory",
            Kind.Fifo => "a FIFO (named pipe)",
            Kind.CharacterDevice => "a character device",
            Kind.BlockDevice => "a block device",
            _ => "a socket",
        };
        string? link = null;
        try
        {
            link = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            // A link loop or an unreadable link: the message does without the target.
        }

        // The report line names the database; the message says what stands there instead of a database file.
        throw new IOException(link is null
            ? $"its path is {what}, not a regular file; not opened"
            : $"its path is a symbolic link to {link}, {what}, not a regular file; not opened");
    }

    /// <summary>The file type from <c>stat</c> (which follows symbolic links), or null when it cannot be asked.</summary>
    private static Kind? UnixKind(string path)
    {
        // The runtime's own portable stat (libSystem.Native ships with every .NET runtime on Unix and is what
        // File.Exists uses): its FileStatus starts with two 32-bit fields, Flags then Mode, and Mode carries the POSIX
        // file type bits, normalised to the same values on every Unix. .NET has no public API for the file type, and the
        // C library's struct stat differs between architectures and libc versions.
        var status = new byte[256];
        int rc;
        try
        {
            rc = SystemNativeStat(path, status);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        if (rc != 0)
        {
            // ENOENT (2) or ENOTDIR (20): nothing there. Anything else (EACCES, ELOOP...) is left for the open to report.
            return Marshal.GetLastPInvokeError() is 2 or 20 ? Kind.Missing : null;
        }

        return (BitConverter.ToInt32(status, 4) & 0xF000) switch
        {
            0x8000 => Kind.Regular,
            0x4000 => Kind.Directory,
            0x1000 => Kind.Fifo,
            0x2000 => Kind.CharacterDevice,
            0x6000 => Kind.BlockDevice,
            0xC000 => Kind.Socket,
            _ => null,
        };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", ExactSpelling = true, SetLastError = true)]
    private static extern int SystemNativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] output);
}
