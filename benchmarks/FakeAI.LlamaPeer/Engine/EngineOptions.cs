namespace FakeAI.LlamaPeer.Engine;

/// <summary>
/// The engine's fixed settings: parallel slots (sequences decoded together) and the most tokens one decode call takes
/// (llama.cpp's n_batch; prompts beyond it are prefilled in chunks over several steps, as llama.cpp's server does).
/// </summary>
internal sealed record EngineOptions(int Slots, int BatchSize);
