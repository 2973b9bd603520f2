using System.Diagnostics;
using Ledger.Execution;

namespace Ledger.Cli.Output;

/// <summary>
/// Shows a run as it goes, on stderr, scope by scope: a single-database scope's result as one line; a set's fan-out on a
/// terminal as a progress bar redrawn in place on one line (the scope, the bar and percentage, done/total, failed, rate,
/// ETA), in CI logs (no terminal) as plain lines, one per failed database and a progress line every few seconds. Thread-safe: databases finish on several threads.
/// </summary>
public sealed class ProgressDisplay : IRunObserver
{
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    private readonly TextWriter _error;
    private readonly bool _live;
    private readonly Func<string, string> _shown;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private string _scope = "";
    private long _total;
    private long _done;
    private long _failed;
    private TimeSpan? _lastDraw;
    private bool _lineOpen;

    /// <summary>For a rollback: the version it goes back to (a database below it says so).</summary>
    public Versions.SemVersion? DownTo { get; init; }

    /// <summary>Creates a display.</summary>
    /// <param name="error">stderr.</param>
    /// <param name="live">Redraw one line in place (a terminal) rather than print plain lines.</param>
    /// <param name="shown">Makes a path short for people.</param>
    public ProgressDisplay(TextWriter error, bool live, Func<string, string> shown)
    {
        _error = error;
        _live = live;
        _shown = shown;
    }

    /// <inheritdoc />
    public void ScopeStarted(Scoping.ScopeDefinition scope, int databases)
    {
        lock (_lock)
        {
            if (!scope.IsSet) return;
            ClearLine();
            _scope = scope.Name;
            _total = databases;
            _done = 0;
            _failed = 0;
            _lastDraw = null;
            _clock.Restart();
        }
    }

    /// <inheritdoc />
    public void Finished(DatabaseResult result)
    {
        lock (_lock)
        {
            if (result.Target.IsSingle)
            {
                ClearLine();
                _error.WriteLine(RunReport.Line(result, _shown, DownTo));
                return;
            }

            _done++;
            if (result.Outcome == DatabaseOutcome.Failed)
            {
                _failed++;
                ClearLine();
                _error.WriteLine(RunReport.Line(result, _shown, DownTo));
            }

            TimeSpan now = _clock.Elapsed;
            bool last = _done >= _total;
            if (_live && (_lastDraw is null || now - _lastDraw >= RedrawEvery || last))
            {
                _error.Write("\r" + Bar(now) + "\u001b[K");
                _lineOpen = true;
                _lastDraw = now;
            }
            else if (!_live && (_lastDraw is null || now - _lastDraw >= PlainEvery || last))
            {
                if (_lastDraw is not null || last) _error.WriteLine(Describe(now));
                _lastDraw = now;
            }
        }
    }

    /// <summary>Ends the live line, so that what follows starts on its own line.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            ClearLine();
        }
    }

    private void ClearLine()
    {
        if (_lineOpen)
        {
            _error.Write("\r\u001b[K");
            _lineOpen = false;
        }
    }

    /// <summary>The cells of the bar on a terminal.</summary>
    private const int BarWidth = 24;

    /// <summary>
    /// The live line on a terminal: <c>user databases ██████████░░░░░░░░░░░░░░  42%  840/2,000 done, 0 failed, 312/s, ETA
    /// 00:03</c>. Its own renderer, not a library's: see docs/architecture.md ("Terminal output").
    /// </summary>
    private string Bar(TimeSpan elapsed)
    {
        double part = _total > 0 ? Math.Clamp((double)_done / _total, 0, 1) : 1;
        int full = (int)Math.Round(part * BarWidth);
        double rate = elapsed.TotalSeconds > 0 ? _done / elapsed.TotalSeconds : 0;
        string eta = rate > 0 && _total > _done ? $", ETA {TimeSpan.FromSeconds((_total - _done) / rate):mm\\:ss}" : "";
        string failed = _failed > 0 ? $"\u001b[31m{_failed:N0} failed\u001b[0m" : "0 failed";
        return $"{_scope} databases {new string('█', full)}{new string('░', BarWidth - full)} {part * 100,3:0}%  " +
               $"{_done:N0}/{_total:N0} done, {failed}, {rate:0}/s{eta}";
    }

    private string Describe(TimeSpan elapsed)
    {
        double rate = elapsed.TotalSeconds > 0 ? _done / elapsed.TotalSeconds : 0;
        string eta = rate > 0 && _total > _done ? $", ETA {TimeSpan.FromSeconds((_total - _done) / rate):mm\\:ss}" : "";
        return $"{_scope} databases: {_done}/{_total} done, {_failed} failed, {rate:0}/s{eta}";
    }
}
