import { primaryLanguage } from "./language";

/**
 * The words the exports, the insights files and the UI add around the analyses: headings, table
 * headers, short notes. English, German, French and Spanish; other languages get English.
 */
export interface Labels {
  insights: string;
  actionItems: string;
  decisions: string;
  risks: string;
  openQuestions: string;
  counts: (c: { actions: number; decisions: number; risks: number; questions: number }) => string;
  owner: string;
  due: string;
  confidence: string;
  unverified: string;
  provisional: string;
  speakers: string;
  topics: string;
  summary: string;
  analyses: string;
  usageAndCost: string;
  notes: string;
  note: string;
  participants: string;
  outcomes: string;
  tasks: string;
  compositeNote: string;
  stillRunning: string;
  header: { date: string; job: string; status: string; source: string; segments: string; words: string };
  speakerTable: [string, string, string, string, string, string];
  usageTable: [string, string, string, string, string, string, string, string, string, string];
  stages: { A: string; B: string; final: string; insights: string };
  noOutput: string;
  noneFinished: string;
  total: (t: {
    calls: number;
    input: number;
    cached: number;
    output: number;
    reasoning: number;
    cost: string;
  }) => string;
  unpriced: (calls: number) => string;
  estimated: string;
  jobFailed: string;
  unfinished: (status: string, stage: string | undefined) => string;
  /** `3 turns`, `1 word`: the count and its noun in the right number. */
  count: (n: number, noun: "turn" | "word" | "question") => string;
}

const en: Labels = {
  insights: "Insights",
  actionItems: "Action items",
  decisions: "Decisions",
  risks: "Risks",
  openQuestions: "Open questions",
  counts: (c) =>
    `${c.actions} action items, ${c.decisions} decisions, ${c.risks} risks, ${c.questions} open questions.`,
  owner: "owner",
  due: "due",
  confidence: "confidence",
  unverified: "unverified",
  provisional: "Provisional: the insights step has not run yet, so these items come from keyword rules only.",
  speakers: "Speakers",
  topics: "Topics",
  summary: "Summary",
  analyses: "Analyses",
  usageAndCost: "Usage and cost",
  notes: "Notes",
  note: "Note",
  participants: "Participants",
  outcomes: "Outcomes",
  tasks: "Tasks",
  compositeNote: "Composite note",
  stillRunning: "Still running",
  header: {
    date: "Date",
    job: "Job",
    status: "Status",
    source: "Source",
    segments: "segments",
    words: "words",
  },
  speakerTable: ["Speaker", "Turns", "Words", "Share of words", "Talk time", "Questions"],
  usageTable: [
    "Stage",
    "Analyzer",
    "Status",
    "Model",
    "Input tokens",
    "Cached",
    "Output tokens",
    "Reasoning",
    "Cost",
    "Time",
  ],
  stages: { A: "Stage A", B: "Stage B", final: "Final", insights: "Insights" },
  noOutput: "No analyzer output.",
  noneFinished: "No analyzer has finished yet.",
  total: (t) =>
    `Total: ${t.calls} calls, ${t.input} input tokens (${t.cached} cached), ${t.output} output tokens (${t.reasoning} reasoning), ${t.cost}`,
  unpriced: (n) => ` (${n} calls to unpriced models not included)`,
  estimated: "token counts estimated: the model service reported none",
  jobFailed: "The job failed",
  unfinished: (status, stage) =>
    `This job is still ${status}${stage ? ` (now at ${stage === "final" ? "the final stage" : `stage ${stage}`})` : ""}: this export shows only what has finished so far. Export again when it has completed.`,
  count: (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`,
};

const de: Labels = {
  insights: "Erkenntnisse",
  actionItems: "Aufgaben",
  decisions: "Entscheidungen",
  risks: "Risiken",
  openQuestions: "Offene Fragen",
  counts: (c) =>
    `${c.actions} Aufgaben, ${c.decisions} Entscheidungen, ${c.risks} Risiken, ${c.questions} offene Fragen.`,
  owner: "zuständig",
  due: "fällig",
  confidence: "Sicherheit",
  unverified: "nicht belegt",
  provisional:
    "Vorläufig: Die Auswertung durch das Modell steht noch aus; diese Punkte stammen nur aus Stichwortregeln.",
  speakers: "Sprecher",
  topics: "Themen",
  summary: "Zusammenfassung",
  analyses: "Analysen",
  usageAndCost: "Verbrauch und Kosten",
  notes: "Hinweise",
  note: "Hinweis",
  participants: "Teilnehmende",
  outcomes: "Ergebnisse",
  tasks: "Aufgaben",
  compositeNote: "Gesamtnotiz",
  stillRunning: "Läuft noch",
  header: {
    date: "Datum",
    job: "Auftrag",
    status: "Status",
    source: "Quelle",
    segments: "Abschnitte",
    words: "Wörter",
  },
  speakerTable: ["Sprecher", "Beiträge", "Wörter", "Anteil der Wörter", "Redezeit", "Fragen"],
  usageTable: [
    "Stufe",
    "Analyse",
    "Status",
    "Modell",
    "Eingabe-Tokens",
    "Zwischengespeichert",
    "Ausgabe-Tokens",
    "Reasoning",
    "Kosten",
    "Dauer",
  ],
  stages: { A: "Stufe A", B: "Stufe B", final: "Abschluss", insights: "Erkenntnisse" },
  noOutput: "Keine Analyse liegt vor.",
  noneFinished: "Noch ist keine Analyse fertig.",
  total: (t) =>
    `Gesamt: ${t.calls} Aufrufe, ${t.input} Eingabe-Tokens (${t.cached} zwischengespeichert), ${t.output} Ausgabe-Tokens (${t.reasoning} Reasoning), ${t.cost}`,
  unpriced: (n) => ` (${n} Aufrufe an Modelle ohne Preis nicht enthalten)`,
  estimated: "Token-Zahlen geschätzt: Der Modelldienst hat keine gemeldet",
  jobFailed: "Der Auftrag ist fehlgeschlagen",
  unfinished: (status, stage) =>
    `Dieser Auftrag ist noch nicht abgeschlossen (${status}${stage ? `, gerade ${stage === "final" ? "im Abschluss" : `in Stufe ${stage}`}` : ""}): Dieser Export zeigt nur, was bisher fertig ist. Exportieren Sie erneut, wenn er abgeschlossen ist.`,
  count: (n, noun) =>
    `${n} ${{ turn: n === 1 ? "Beitrag" : "Beiträge", word: n === 1 ? "Wort" : "Wörter", question: n === 1 ? "Frage" : "Fragen" }[noun]}`,
};

const fr: Labels = {
  insights: "Points clés",
  actionItems: "Actions",
  decisions: "Décisions",
  risks: "Risques",
  openQuestions: "Questions ouvertes",
  counts: (c) =>
    `${c.actions} actions, ${c.decisions} décisions, ${c.risks} risques, ${c.questions} questions ouvertes.`,
  owner: "responsable",
  due: "échéance",
  confidence: "confiance",
  unverified: "non vérifié",
  provisional:
    "Provisoire : l'analyse par le modèle n'a pas encore eu lieu ; ces éléments viennent seulement de règles par mots-clés.",
  speakers: "Intervenants",
  topics: "Sujets",
  summary: "Résumé",
  analyses: "Analyses",
  usageAndCost: "Consommation et coût",
  notes: "Remarques",
  note: "Remarque",
  participants: "Participants",
  outcomes: "Résultats",
  tasks: "Tâches",
  compositeNote: "Note de synthèse",
  stillRunning: "En cours",
  header: {
    date: "Date",
    job: "Tâche",
    status: "État",
    source: "Source",
    segments: "segments",
    words: "mots",
  },
  speakerTable: ["Intervenant", "Tours de parole", "Mots", "Part des mots", "Temps de parole", "Questions"],
  usageTable: [
    "Étape",
    "Analyse",
    "État",
    "Modèle",
    "Tokens en entrée",
    "En cache",
    "Tokens en sortie",
    "Raisonnement",
    "Coût",
    "Durée",
  ],
  stages: { A: "Étape A", B: "Étape B", final: "Finale", insights: "Points clés" },
  noOutput: "Aucune analyse disponible.",
  noneFinished: "Aucune analyse n'est encore terminée.",
  total: (t) =>
    `Total : ${t.calls} appels, ${t.input} tokens en entrée (${t.cached} en cache), ${t.output} tokens en sortie (${t.reasoning} de raisonnement), ${t.cost}`,
  unpriced: (n) => ` (${n} appels à des modèles sans prix non compris)`,
  estimated: "nombres de tokens estimés : le service du modèle n'en a indiqué aucun",
  jobFailed: "La tâche a échoué",
  unfinished: (status, stage) =>
    `Cette tâche n'est pas terminée (${status}${stage ? `, actuellement ${stage === "final" ? "à l'étape finale" : `à l'étape ${stage}`}` : ""}) : cet export ne montre que ce qui est déjà fini. Exportez de nouveau une fois la tâche terminée.`,
  count: (n, noun) =>
    `${n} ${{ turn: n === 1 ? "tour de parole" : "tours de parole", word: n === 1 ? "mot" : "mots", question: n === 1 ? "question" : "questions" }[noun]}`,
};

const es: Labels = {
  insights: "Puntos clave",
  actionItems: "Tareas",
  decisions: "Decisiones",
  risks: "Riesgos",
  openQuestions: "Preguntas abiertas",
  counts: (c) =>
    `${c.actions} tareas, ${c.decisions} decisiones, ${c.risks} riesgos, ${c.questions} preguntas abiertas.`,
  owner: "responsable",
  due: "plazo",
  confidence: "confianza",
  unverified: "sin verificar",
  provisional:
    "Provisional: el modelo aún no ha analizado la reunión; estos puntos vienen solo de reglas por palabras clave.",
  speakers: "Hablantes",
  topics: "Temas",
  summary: "Resumen",
  analyses: "Análisis",
  usageAndCost: "Consumo y coste",
  notes: "Observaciones",
  note: "Nota",
  participants: "Participantes",
  outcomes: "Resultados",
  tasks: "Tareas",
  compositeNote: "Nota de síntesis",
  stillRunning: "En curso",
  header: {
    date: "Fecha",
    job: "Trabajo",
    status: "Estado",
    source: "Origen",
    segments: "segmentos",
    words: "palabras",
  },
  speakerTable: [
    "Hablante",
    "Intervenciones",
    "Palabras",
    "Parte de las palabras",
    "Tiempo de habla",
    "Preguntas",
  ],
  usageTable: [
    "Etapa",
    "Análisis",
    "Estado",
    "Modelo",
    "Tokens de entrada",
    "En caché",
    "Tokens de salida",
    "Razonamiento",
    "Coste",
    "Duración",
  ],
  stages: { A: "Etapa A", B: "Etapa B", final: "Final", insights: "Puntos clave" },
  noOutput: "No hay ningún análisis.",
  noneFinished: "Todavía no ha terminado ningún análisis.",
  total: (t) =>
    `Total: ${t.calls} llamadas, ${t.input} tokens de entrada (${t.cached} en caché), ${t.output} tokens de salida (${t.reasoning} de razonamiento), ${t.cost}`,
  unpriced: (n) => ` (sin incluir ${n} llamadas a modelos sin precio)`,
  estimated: "recuentos de tokens estimados: el servicio del modelo no indicó ninguno",
  jobFailed: "El trabajo ha fallado",
  unfinished: (status, stage) =>
    `Este trabajo aún no ha terminado (${status}${stage ? `, ahora ${stage === "final" ? "en la etapa final" : `en la etapa ${stage}`}` : ""}): esta exportación solo muestra lo que ya está listo. Vuelva a exportar cuando haya terminado.`,
  count: (n, noun) =>
    `${n} ${{ turn: n === 1 ? "intervención" : "intervenciones", word: n === 1 ? "palabra" : "palabras", question: n === 1 ? "pregunta" : "preguntas" }[noun]}`,
};

const LABELS: Record<string, Labels> = { en, de, fr, es };

/** The labels for a BCP 47 tag, by its primary language; English for a language without its own. */
export function labelsFor(tag: string | undefined): Labels {
  return LABELS[primaryLanguage(tag ?? "en")] ?? en;
}

/** The languages that have labels of their own. */
export const LABEL_LANGUAGES = Object.keys(LABELS);
