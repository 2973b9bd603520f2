using System.Diagnostics.Tracing;
using System.Globalization;

namespace Ledger.Bench;

/// <summary>
/// Samples what a piece of code allocates, by type: the runtime reports an allocation tick about every 100 KB
/// allocated, naming the type of the object that crossed the mark, so the counts are proportional to the bytes
/// each type takes. Enough to see where a load's memory goes without an external profiler.
/// The bench runs under the JIT; the published <c>ledger</c> is ReadyToRun, whose precompiled code can allocate
/// differently (a generic span search over <c>char</c> boxed every character there and not here), so a figure that
/// matters is confirmed in the published process.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEventId = 10;
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, (int Ticks, long Bytes)> _byType = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _recording;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEventId || eventData.Payload is null || eventData.PayloadNames is null) return;
        int typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0) return;
        string type = eventData.Payload[typeIndex] as string ?? "?";
        long amount = amountIndex >= 0 ? Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture) : 0;
        lock (_gate)
        {
            if (!_recording) return;
            _byType[type] = _byType.TryGetValue(type, out var seen) ? (seen.Ticks + 1, seen.Bytes + amount) : (1, amount);
        }
    }

    /// <summary>Records the ticks of <paramref name="action"/> and prints the types that took the most.</summary>
    public void Report(Action action, int top)
    {
        lock (_gate) { _byType.Clear(); _recording = true; }
        action();
        // Events arrive on a dispatcher thread, shortly after they happen.
        Thread.Sleep(500);
        lock (_gate) _recording = false;
        long total = _byType.Values.Sum(v => v.Bytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocation samples: {total / 1048576.0:F1} MiB in {_byType.Count} types"));
        foreach ((string type, (int ticks, long bytes)) in _byType.OrderByDescending(kv => kv.Value.Bytes).Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / 1048576.0,7:F1} MiB {ticks,5} ticks  {type}"));
        }
    }
}
