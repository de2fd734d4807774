namespace FakeAI.Server.Generation.Json;

/// <summary>A generated JSON instance; <paramref name="Cut"/> when it passed the byte budget and is only a prefix.</summary>
internal sealed record GeneratedJson(string Text, bool Cut);
