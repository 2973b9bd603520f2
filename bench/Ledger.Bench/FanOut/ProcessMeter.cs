using System.Diagnostics;
using System.Globalization;

namespace Ledger.Bench.FanOut;

/// <summary>What one process run cost: wall time, peak resident memory, exit code and output tail.</summary>
internal sealed record ProcessMeasure(double Milliseconds, long PeakBytes, int ExitCode, string Output);

/// <summary>
/// Runs a command as its own process and measures it whole: wall time from start to exit, and peak resident
/// memory (VmHWM from /proc, read until the process exits; the high-water mark only grows, so the last read is
/// within one poll of the true peak).
/// </summary>
internal static class ProcessMeter
{
    public static ProcessMeasure Run(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var output = new System.Text.StringBuilder();
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        long peak = 0;
        string status = $"/proc/{process.Id}/status";
        while (!process.WaitForExit(5))
        {
            peak = Math.Max(peak, ReadHighWaterMark(status));
        }

        double ms = clock.Elapsed.TotalMilliseconds;
        process.WaitForExit();
        string text;
        lock (output) text = output.ToString();
        return new ProcessMeasure(ms, peak, process.ExitCode, text.Length > 2000 ? text[^2000..] : text);
    }

    private static long ReadHighWaterMark(string statusFile)
    {
        try
        {
            foreach (string line in File.ReadLines(statusFile))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    string kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process ended between two polls.
        }

        return 0;
    }
}
