using LLama.Native;

namespace FakeAI.LlamaPeer.Engine;

/// <summary>One parallel sequence of the engine (its llama.cpp sequence id) and the request it is serving, if any.</summary>
internal sealed class Slot(int id)
{
    public LLamaSeqId Sequence { get; } = (LLamaSeqId)id;

    public PeerRequest? Request { get; private set; }

    /// <summary>Prompt tokens already in the KV cache; the prompt is done when this reaches its length.</summary>
    public int Prefilled { get; set; }

    public int Generated { get; set; }

    public LLamaToken LastToken { get; set; }

    /// <summary>The index of this slot's logits in the current batch, or −1 when it gets none this step.</summary>
    public int LogitIndex { get; set; } = -1;

    /// <summary>The order the slot was filled in, so prompt chunks go to the oldest admission first.</summary>
    public long AdmittedAt { get; private set; }

    public bool IsFree => Request is null;

    public bool IsPrefilled => Request is not null && Prefilled == Request.Prompt.Length;

    public void Assign(PeerRequest request, long order)
    {
        Request = request;
        Prefilled = 0;
        Generated = 0;
        LogitIndex = -1;
        AdmittedAt = order;
    }

    public void Release()
    {
        Request = null;
        LogitIndex = -1;
    }
}
