namespace FakeAI.Server.Telemetry;

/// <summary>
/// prometheus-net rejects ':' in metric names, but vLLM's names use the <c>vllm:</c> prefix and dashboards expect them.
/// Our collectors are registered as <c>vllm_*</c> and this rewrites the exposition text's prefix to <c>vllm:</c>.
/// Only the metric-name position of a line is touched (sample lines, <c># HELP</c>, <c># TYPE</c>), never label values.
/// </summary>
internal static class VllmNameRewriter
{
    private static readonly byte[] Underscore = "vllm_"u8.ToArray();
    private static readonly byte[] Colon = "vllm:"u8.ToArray();
    private static readonly byte[][] CommentPrefixes = ["# HELP "u8.ToArray(), "# TYPE "u8.ToArray()];

    public static void Rewrite(Span<byte> text)
    {
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var line = text[lineStart..];
            var end = line.IndexOf((byte)'\n');
            line = end < 0 ? line : line[..end];
            var nameStart = 0;
            foreach (var prefix in CommentPrefixes)
            {
                if (line.StartsWith(prefix))
                {
                    nameStart = prefix.Length;
                }
            }

            if (line[nameStart..].StartsWith(Underscore))
            {
                Colon.CopyTo(line[nameStart..]);
            }

            lineStart += line.Length + 1;
        }
    }
}
