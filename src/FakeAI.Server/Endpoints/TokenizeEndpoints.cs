using System.Globalization;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Tokenize;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// vLLM's <c>POST /tokenize</c> and <c>POST /detokenize</c> with the model's tokenizer, so a client can count tokens
/// exactly as the server does. No latency.
/// </summary>
internal sealed class TokenizeEndpoints(ServerState state)
{
    public async Task TokenizeAsync(HttpContext context)
    {
        var request = await RequestReader.ReadAsync(context, ProtocolJsonContext.Default.TokenizeRequest);
        var model = state.ResolveModel(request.Model);
        if (request.Prompt is not { } prompt)
        {
            throw ApiException.BadRequest("You must provide a 'prompt'.", "prompt", "missing_required_parameter");
        }

        var tokens = new List<int>();
        BoundedTokenization.Encode(state.VocabularyFor(model).Tokenizer, prompt, tokens);
        await JsonResponse.WriteAsync(
            context,
            new TokenizeResponse { Count = tokens.Count, MaxModelLen = model.ContextWindow, Tokens = tokens },
            ProtocolJsonContext.Default.TokenizeResponse);
    }

    public async Task DetokenizeAsync(HttpContext context)
    {
        var request = await RequestReader.ReadAsync(context, ProtocolJsonContext.Default.DetokenizeRequest);
        var model = state.ResolveModel(request.Model);
        if (request.Tokens is not { } tokens)
        {
            throw ApiException.BadRequest("You must provide 'tokens'.", "tokens", "missing_required_parameter");
        }

        var tokenizer = state.VocabularyFor(model).Tokenizer;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!IsKnown(tokenizer, tokens[i]))
            {
                throw ApiException.BadRequest(
                    string.Create(CultureInfo.InvariantCulture, $"Token id {tokens[i]} at tokens[{i}] is out of vocabulary."), "tokens", "invalid_value");
            }
        }

        await JsonResponse.WriteAsync(context, new DetokenizeResponse { Prompt = tokenizer.Decode(tokens) ?? string.Empty }, ProtocolJsonContext.Default.DetokenizeResponse);
    }

    // The tokenizer decodes an unknown id to nothing rather than failing; every known id decodes to at least one
    // character (a lone byte of a longer UTF-8 sequence to U+FFFD).
    private static bool IsKnown(Tokenizer tokenizer, int id) => id >= 0 && !string.IsNullOrEmpty(tokenizer.Decode([id]));
}
