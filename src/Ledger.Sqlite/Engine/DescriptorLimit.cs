using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;
using SQLitePCL;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// Names the real cause when SQLite cannot open a file because the process has no file descriptor left (EMFILE, the
/// <c>ulimit -n</c> limit, e.g. with a high <c>--parallel</c>): SQLite itself only says "unable to open database file".
/// </summary>
internal static class DescriptorLimit
{
    private const int TooManyOpenFiles = 24; // EMFILE, the same number on Linux and macOS

    /// <summary>
    /// The same error with the operating system's reason added, when <paramref name="e"/> is SQLITE_CANTOPEN and the
    /// process is out of file descriptors at this moment (opening <c>/dev/null</c> fails with EMFILE); otherwise null.
    /// </summary>
    internal static SqliteException? Explain(SqliteException e)
    {
        if (e.SqliteErrorCode != raw.SQLITE_CANTOPEN || OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            using SafeFileHandle probe = File.OpenHandle("/dev/null");
            return null; // a descriptor was free: the cause is elsewhere (permissions, a missing folder...)
        }
        catch (IOException probe) when (probe.HResult == TooManyOpenFiles)
        {
            return new SqliteException(
                $"{e.Message} {Marshal.GetPInvokeErrorMessage(TooManyOpenFiles)}: the process has used all the file descriptors it may " +
                "hold (ulimit -n); run fewer databases at once (--parallel) or raise the limit.",
                e.SqliteErrorCode, e.SqliteExtendedErrorCode);
        }
        catch (Exception other) when (other is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
