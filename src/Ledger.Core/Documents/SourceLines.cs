namespace Ledger.Documents;

/// <summary>
/// The file's lines and where each starts, so that offsets (what Markdig reports) become 1-based lines.
/// CRLF, CR and LF all end a line, as in CommonMark.
/// </summary>
internal sealed class SourceLines
{
    private readonly string _text;
    private readonly List<int> _starts = [0];

    public SourceLines(string text)
    {
        _text = text;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                _starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                _starts.Add(i + 1);
            }
        }

        // A final line ending does not start another line.
        if (_starts.Count > 1 && _starts[^1] == text.Length)
        {
            _starts.RemoveAt(_starts.Count - 1);
        }
    }

    /// <summary>Number of lines.</summary>
    public int Count => _starts.Count;

    /// <summary>Offset of the first character of a 1-based line.</summary>
    public int StartOf(int line) => _starts[Math.Clamp(line, 1, _starts.Count) - 1];

    /// <summary>The 1-based line holding an offset.</summary>
    public int LineOf(int offset)
    {
        int index = _starts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    /// <summary>A 1-based line's text without its line ending.</summary>
    public string Line(int line) => Span(line).ToString();

    /// <summary>The text the lines are of.</summary>
    public string Text => _text;

    /// <summary>Where a 1-based line's text, without its line ending, is in <see cref="Text"/>.</summary>
    public (int Start, int Length) Range(int line)
    {
        int start = StartOf(line);
        int end = line < _starts.Count ? _starts[line] : _text.Length;
        while (end > start && (_text[end - 1] == '\n' || _text[end - 1] == '\r')) end--;
        return (start, end - start);
    }

    /// <summary>A 1-based line's text without its line ending, without allocating.</summary>
    public ReadOnlySpan<char> Span(int line)
    {
        (int start, int length) = Range(line);
        return _text.AsSpan(start, length);
    }
}
