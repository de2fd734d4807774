namespace FakeAI.Server.Generation;

/// <summary>Common English words the fake model writes with; <see cref="Vocabulary"/> keeps those that are one token.</summary>
internal static class WordList
{
    public static readonly string[] Words =
    [
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he",
        "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were", "their",
        "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who", "so",
        "no", "she", "other", "its", "may", "these", "what", "them", "than", "some", "him", "time", "into", "only", "do",
        "could", "new", "about", "two", "first", "then", "made", "any", "like", "very", "my", "such", "our", "over",
        "man", "me", "even", "most", "also", "after", "did", "many", "before", "must", "through", "years", "where",
        "much", "your", "way", "well", "down", "should", "because", "each", "just", "those", "people", "how", "too",
        "little", "state", "good", "very", "make", "world", "still", "own", "see", "men", "work", "long", "get", "here",
        "between", "both", "life", "being", "under", "never", "day", "same", "another", "know", "while", "last",
        "might", "us", "great", "old", "year", "off", "come", "since", "against", "go", "came", "right", "used",
        "take", "three", "himself", "few", "house", "use", "during", "without", "again", "place", "around", "however",
        "home", "small", "found", "thought", "went", "say", "part", "once", "general", "high", "upon", "school",
        "every", "does", "got", "united", "left", "number", "course", "war", "until", "always", "away", "something",
        "fact", "water", "though", "less", "public", "put", "think", "almost", "hand", "enough", "far", "took", "head",
        "yet", "government", "system", "better", "set", "told", "nothing", "night", "end", "why", "called",
        "eyes", "find", "going", "look", "asked", "later", "knew", "point", "next", "program", "city", "business",
        "give", "group", "toward", "young", "days", "let", "room", "president", "side", "social", "given", "present",
        "several", "order", "national", "possible", "rather", "second", "face", "per", "among", "form", "often",
        "important", "things", "looked", "early", "white", "case", "john", "become", "large", "big", "need", "four",
        "within", "felt", "along", "children", "saw", "best", "church", "ever", "least", "power", "development",
        "light", "thing", "seemed", "family", "interest", "want", "members", "mind", "country", "area", "others",
        "done", "turned", "although", "open", "god", "service", "certain", "kind", "problem", "began", "different",
        "door", "thus", "help", "sense", "means", "whole", "matter", "perhaps", "itself", "york", "times", "law",
        "human", "line", "above", "name", "example", "action", "company", "hands", "local", "show", "whether", "five",
        "history", "gave", "today", "either", "act", "feet", "across", "taken", "past", "quite", "anything", "seen",
        "having", "death", "week", "experience", "body", "word", "half", "really", "field", "am", "car", "words",
        "already", "themselves", "information", "tell", "together", "college", "shall", "money", "period", "held",
        "keep", "sure", "probably", "free", "seems", "political", "real", "cannot", "behind", "miss", "question",
        "air", "office", "making", "brought", "whose", "special", "major", "heard", "problems", "federal", "became",
        "study", "ago", "moment", "available", "known", "result", "street", "economic", "boy", "position", "reason",
        "change", "south", "board", "individual", "job", "society", "areas", "west", "close", "turn", "love",
        "community", "true", "court", "force", "full", "seem", "am", "front", "age", "policy", "voice", "model",
        "data", "value", "process", "simple", "answer", "method", "result", "system", "network", "signal", "energy",
        "market", "design", "theory", "measure", "sample", "token", "server", "request", "response", "memory",
        "latency", "cache", "stream", "window", "record", "review", "report", "detail", "careful", "clear", "quick",
        "steady", "bright", "quiet", "strong", "gentle", "rapid", "modern", "simple", "natural", "common", "useful",
    ];
}
