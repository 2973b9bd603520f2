using System.Diagnostics;
using Ledger.Execution;

namespace Ledger.Cli.Output;

/// <summary>
/// Shows a run as it goes, on stderr, scope by scope: a single-database scope's result as one line; a set's fan-out on a
/// terminal as one line redrawn in place (the scope, done/total, failed, rate, ETA), in CI logs (no terminal) as plain
/// lines, one per failed database and a progress line every few seconds. Thread-safe: databases finish on several threads.
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
                _error.WriteLine(RunReport.Line(result, _shown));
                return;
            }

            _done++;
            if (result.Outcome == DatabaseOutcome.Failed)
            {
                _failed++;
                ClearLine();
                _error.WriteLine(RunReport.Line(result, _shown));
            }

            TimeSpan now = _clock.Elapsed;
            bool last = _done >= _total;
            if (_live && (_lastDraw is null || now - _lastDraw >= RedrawEvery || last))
            {
                _error.Write("\r" + Describe(now) + "\u001b[K");
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

    private string Describe(TimeSpan elapsed)
    {
        double rate = elapsed.TotalSeconds > 0 ? _done / elapsed.TotalSeconds : 0;
        string eta = rate > 0 && _total > _done ? $", ETA {TimeSpan.FromSeconds((_total - _done) / rate):mm\\:ss}" : "";
        return $"{_scope} databases: {_done}/{_total} done, {_failed} failed, {rate:0}/s{eta}";
    }
}
