using System.Text;
using FakeAI.LlamaPeer.Engine;

namespace FakeAI.LlamaPeer.Http;

/// <summary>
/// Turns a request's prompt text and token limit into a queued <see cref="PeerRequest"/>, or the 400 that says why not.
/// </summary>
internal sealed class Generation(LoadedModel model, ServeOptions options)
{
    // OpenAI's default for /v1/completions; llama.cpp's server would generate until the context is full.
    private const int DefaultMaxTokens = 16;

    public string ModelName => options.ModelName;

    public (PeerRequest? Request, IResult? Error) Start(string prompt, int? maxTokens, HttpContext http)
    {
        var limit = maxTokens ?? DefaultMaxTokens;
        if (limit < 1)
        {
            return (null, PeerErrors.BadRequest("max_tokens must be at least 1", "max_tokens"));
        }

        var tokens = model.Weights.Tokenize(prompt, true, false, Encoding.UTF8);
        if (tokens.Length + limit > options.SlotContext)
        {
            return (null, PeerErrors.BadRequest(
                $"The prompt ({tokens.Length} tokens) plus max_tokens ({limit}) exceed a slot's context of {options.SlotContext} tokens.",
                code: "context_length_exceeded"));
        }

        var request = new PeerRequest(tokens, limit);
        http.RequestAborted.Register(request.Cancel);
        model.Engine.Submit(request);
        return (request, null);
    }

    public static long Now() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
}
