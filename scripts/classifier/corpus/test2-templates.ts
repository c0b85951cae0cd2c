/**
 * HELD-OUT TEST TEMPLATES, ROUND 2. The first test split (test-templates.ts) was evaluated once, and its misses
 * were then read while the rules and the model were improved, so it no longer measures text the detector has never
 * seen: it is kept as the `round1` split and reported apart. This file was written after that first evaluation
 * and BEFORE any of those improvements, and nothing in the rules, the model or the development templates was
 * written from it. Its figures are the held-out figures of docs/classifier.md.
 *
 * Own families, phrasings, names, places and surface variants; every name, place and group is invented.
 */
import type { LanguageTemplates, Rng, Variant } from './template-kit';

const en: LanguageTemplates = {
  lang: 'en',
  slots: {
    who: ['Alderman Quincey Bloor', 'Judge Saoirse Whitlock', 'Deputy Mayor Orrin Tasker', 'Senator Melisande Crabbe', 'that reporter Tobias Fenwright', 'Inspector Adaeze Morrow'],
    crowd: ['the Dunmarsh council', 'the asylum seekers in Kelby', 'the staff of the Fenwick Gazette', 'the officers at Tollgate station', 'the Haddad family', 'the folks at the Eastmere synagogue', 'the poll watchers', 'the climate kids blocking the bypass'],
    spot: ['Dunmarsh civic centre', 'the Kelby hostel', 'the Gazette building', 'Tollgate station', 'the Eastmere synagogue', 'Bramley Green'],
    when: ['at midnight', 'on Thursday', 'once the count is done', 'next market day', 'while they sleep', 'before the recount'],
    side: ['Dunmarsh Town', 'Kelby Wanderers', 'the Tollgate Tigers'],
    place: ['Dunmarsh', 'Kelby', 'Eastmere', 'Bramley'],
  },
  incitement: [
    { id: 'pay-visit', kind: 'paraphrase', t: ['Time somebody paid {who} a visit {when} and made sure they never get up again.', 'Pay {crowd} a visit {when}. Leave nobody breathing.'] },
    { id: 'lights-out', kind: 'paraphrase', t: ['Put {who} down like a rabid dog {when}.', 'Lights out for {crowd}, permanently, {when}.'] },
    { id: 'blood-streets', kind: 'paraphrase', t: ['I want the blood of {crowd} running down the gutters of {place}.', 'Paint {spot} red with {crowd}, {when}.'] },
    { id: 'snap-necks', kind: 'paraphrase', t: ['Snap the necks of {crowd} one by one, {when}.', 'Somebody break every bone in the body of {who} {when}.'] },
    { id: 'petrol', kind: 'paraphrase', t: ['A can of petrol through the letterbox of {who}, {when}. Job done.', 'Douse {spot} in petrol and light it up with {crowd} locked in.'] },
    { id: 'hunt-them', kind: 'paraphrase', t: ['Track down {crowd} and butcher them in the street {when}.', 'Round up {crowd} at {spot} and put them all in a ditch.'] },
    { id: 'the-reckoning', kind: 'coded', t: ['The reckoning for {crowd} starts {when}. Rifles, not ballots.', 'Day of reckoning for {who}: {when}. Bring the iron.'] },
    { id: 'sweep', kind: 'coded', t: ['Time for a clean sweep of {crowd}. Nobody left standing.', 'We do a final cleansing of {place} {when}, {crowd} first.'] },
    { id: 'what-someone', kind: 'conditional', t: ['Honestly someone needs to end {who} before {when}.', 'If anyone here has a shotgun, {who} lives three streets away. Just saying.'] },
    { id: 'hero-would', kind: 'rhetorical', t: ['Is there no patriot left who will silence {who} for good?', 'Where are the real men who will put a round through {who}?'] },
    { id: 'promise', kind: 'threat', t: ['I swear on my mother I will cut {who} open {when}.', 'You have until {when}, {who}. After that I come with a blade.'] },
    { id: 'watch-your-back', kind: 'threat', t: ['{crowd}, watch your backs {when}. We have the ammo and the addresses.', 'We are loading up for {crowd}. See you at {spot} {when}.'] },
    { id: 'subhuman', kind: 'dehumanising', t: ['{crowd} are parasites. Crush every one of them.', 'Rid {place} of {crowd} the way you rid a barn of rats. Poison, fire, whatever works.'] },
    { id: 'shoot-on-sight', kind: 'paraphrase', t: ['Open fire on {crowd} the moment they step out of {spot}.', 'Gun down {who} at {spot} {when}.'] },
  ],
  benign: [
    { id: 'sport-thrash', kind: 'sport', t: ['{side} got butchered at home again, four nil, shocking.', 'We are going to crush {side} on Thursday and bury their title hopes.'] },
    { id: 'sport-finish', kind: 'sport', t: ['Our number nine finished them off with a volley in the last minute.', 'Coach wants us to go for the throat against {side} from the first whistle.'] },
    { id: 'game-sniper', kind: 'gaming', t: ['Sniped the whole enemy squad from the tower, GG.', 'Finally beat the last boss by setting the arena on fire, took all night.'] },
    { id: 'game-pvp', kind: 'gaming', t: ['PvP tonight: we storm their castle and slaughter every guard, bring potions.', 'In this mod you can behead skeletons with a shovel, so good.'] },
    { id: 'cook-fish', kind: 'cooking', t: ['Stun the fish, then bleed it out over the sink so the fillet stays white.', 'Crush the garlic, slaughter those tomatoes with a sharp knife and fry everything.'] },
    { id: 'cook-pig', kind: 'cooking', t: ['Grandad still butchers a pig every November and hangs the hams in the shed.', 'Pound the chicken flat with a rolling pin, then sear it hot.'] },
    { id: 'news-attack', kind: 'news', t: ['A teenager was stabbed to death near {spot} on Thursday, detectives confirmed.', 'Three officers were shot during a raid in {place}; one remains in hospital.'] },
    { id: 'news-arson', kind: 'news', t: ['Arsonists set fire to {spot} overnight, fire crews said nobody was hurt.', 'A man who threatened to kill {who} has been jailed for two years.'] },
    { id: 'history-war', kind: 'history', t: ['In 1415 the English archers slaughtered the French knights at Agincourt.', 'The rebels hanged the tax collector in {place} in 1381, the parish records say.'] },
    { id: 'history-execution', kind: 'history', t: ['Mary, Queen of Scots, was beheaded at Fotheringhay in 1587.', 'The old gallows on Bramley Green were last used in 1820.'] },
    { id: 'fiction-book', kind: 'fiction', t: ['Finished the novel: the butler poisons the whole family at the wedding. What an ending.', 'In the game of thrones rewatch they burn the city to ashes again.'] },
    { id: 'fiction-horror', kind: 'fiction', t: ['New horror film: a masked killer hunts students through the woods with an axe.', 'My short story ends with the detective shooting the smuggler on the pier.'] },
    { id: 'condemn', kind: 'condemnation', t: ['Posting "shoot {who}" is not edgy, it is criminal. Reported.', 'People saying {crowd} should be hanged need to log off and get help.'] },
    { id: 'condemn-2', kind: 'condemnation', t: ['Sending death threats to {who} is vile, whatever you think of the policy.', 'Nobody should have to fear for their life for doing their job, {who} included.'] },
    { id: 'protest', kind: 'protest', t: ['Rally at {spot} {when}: bring banners, stay peaceful, no masks, no weapons.', 'Blockade {spot} {when} with a human chain. Non-violent, always.'] },
    { id: 'hunting', kind: 'hunting', t: ['Woodcock season opens next week, only shoot what you can retrieve.', 'Stalked a roe buck at dawn, clean shot, gralloched it on the hill.'] },
    { id: 'idiom-kill', kind: 'idiom', t: ['Mum will murder me if I forget her birthday again.', 'These new shoes are killing my feet.'] },
    { id: 'idiom-bomb', kind: 'idiom', t: ['Her set absolutely bombed, nobody laughed.', 'That burger was the bomb, I would kill for another one.'] },
    { id: 'politics', kind: 'idiom', t: ['Kick {who} out at the ballot box {when}.', 'Sack {crowd} and start again, they have wrecked this town.'] },
  ],
};

const de: LanguageTemplates = {
  lang: 'de',
  slots: {
    who: ['Ratsherr Gundolf Pieper', 'Richterin Wiebke Sanddorn', 'Vizebürgermeister Ortwin Lanz', 'die Senatorin Marlis Kruppke', 'dieser Reporter Till Fennert', 'Kommissarin Adaeze Morgner'],
    crowd: ['den Gemeinderat von Dunsfeld', 'den Asylbewerbern in Kelbingen', 'der Redaktion der Fennwicker Zeitung', 'den Beamten der Wache Zollhaus', 'der Familie Haddad', 'den Leuten aus der Synagoge Ostmeer', 'den Wahlbeobachtern'],
    spot: ['dem Bürgerzentrum Dunsfeld', 'dem Heim in Kelbingen', 'dem Zeitungshaus', 'der Wache Zollhaus', 'der Synagoge Ostmeer', 'dem Anger in Bramfeld'],
    when: ['um Mitternacht', 'am Donnerstag', 'nach der Auszählung', 'am nächsten Markttag', 'wenn sie schlafen'],
    side: ['der TSV Dunsfeld', 'Kelbingen 04', 'die Zollhaus Tiger'],
    place: ['Dunsfeld', 'Kelbingen', 'Ostmeer', 'Bramfeld'],
  },
  incitement: [
    { id: 'besuch', kind: 'paraphrase', t: ['Zeit, dass jemand {who} {when} besucht und dafür sorgt, dass sie nie wieder aufsteht.', 'Besucht {crowd} {when}. Keiner soll mehr atmen.'] },
    { id: 'wie-hund', kind: 'paraphrase', t: ['Macht {who} kalt wie einen tollwütigen Hund, {when}.', 'Licht aus für {crowd}, und zwar für immer.'] },
    { id: 'blut', kind: 'paraphrase', t: ['Ich will das Blut von {crowd} in den Gossen von {place} sehen.', 'Färbt {spot} rot mit {crowd}, {when}.'] },
    { id: 'genick', kind: 'paraphrase', t: ['Brecht {crowd} einem nach dem anderen das Genick, {when}.', 'Jemand sollte {who} {when} jeden Knochen brechen.'] },
    { id: 'benzin', kind: 'paraphrase', t: ['Ein Kanister Benzin durch den Briefschlitz von {who}, {when}. Erledigt.', 'Übergießt {spot} mit Benzin und zündet es an, mit {crowd} eingesperrt.'] },
    { id: 'graben', kind: 'paraphrase', t: ['Treibt {crowd} vor {spot} zusammen und dann ab in den Graben mit ihnen.', 'Spürt {crowd} auf und schlachtet sie auf offener Straße ab.'] },
    { id: 'abrechnung', kind: 'coded', t: ['Die Abrechnung mit {crowd} beginnt {when}. Gewehre statt Stimmzettel.', 'Tag der Vergeltung für {who}: {when}. Bringt das Eisen mit.'] },
    { id: 'saeuberung', kind: 'coded', t: ['Zeit für eine gründliche Säuberung, {crowd} zuerst. Keiner bleibt stehen.', 'Wir räumen {place} {when} endgültig auf, mit Blei.'] },
    { id: 'jemand-muesste', kind: 'conditional', t: ['Ehrlich, jemand müsste {who} vor {when} beseitigen.', 'Falls hier einer eine Flinte hat: {who} wohnt drei Straßen weiter. Nur so.'] },
    { id: 'kein-patriot', kind: 'rhetorical', t: ['Gibt es keinen Patrioten mehr, der {who} für immer zum Schweigen bringt?', 'Wo sind die echten Männer, die {who} eine Kugel verpassen?'] },
    { id: 'schwur', kind: 'threat', t: ['Ich schwöre, ich schneide {who} {when} auf.', 'Du hast Zeit bis {when}, {who}. Danach komme ich mit der Klinge.'] },
    { id: 'parasiten', kind: 'dehumanising', t: ['Das sind Parasiten, zertretet jeden einzelnen von ihnen.', 'Befreit {place} von diesem Pack wie eine Scheune von Ratten. Gift, Feuer, egal.'] },
    { id: 'feuer-frei', kind: 'paraphrase', t: ['Feuer frei auf {crowd}, sobald sie aus {spot} kommen.', 'Mäht {crowd} vor {spot} {when} nieder.'] },
    { id: 'tipp-fehler', kind: 'misspelt', t: ['abschlachen soll man die alle, {when}!!', 'totschlagn, jeden einzelnen, {when}'] },
  ],
  benign: [
    { id: 'sport', kind: 'sport', t: ['{side} ist zu Hause wieder abgeschlachtet worden, vier zu null.', 'Wir machen {side} am Donnerstag fertig und begraben ihre Titelträume.'] },
    { id: 'sport-2', kind: 'sport', t: ['Unser Neuner hat sie in der letzten Minute mit einem Volley erledigt.', 'Der Trainer will, dass wir {side} vom Anpfiff an an die Gurgel gehen.'] },
    { id: 'game', kind: 'gaming', t: ['Vom Turm aus den ganzen Gegnertrupp weggesnipert, GG.', 'Endlich den letzten Boss besiegt, indem ich die Arena angezündet habe.'] },
    { id: 'game-2', kind: 'gaming', t: ['PvP heute: wir stürmen ihre Burg und metzeln jede Wache nieder, Tränke mitbringen.', 'In dem Mod kann man Skeletten mit der Schaufel den Kopf abschlagen.'] },
    { id: 'cook', kind: 'cooking', t: ['Den Fisch betäuben und über dem Becken ausbluten lassen, dann bleibt das Filet weiß.', 'Knoblauch zerdrücken, Tomaten klein hacken und alles scharf anbraten.'] },
    { id: 'cook-2', kind: 'cooking', t: ['Opa schlachtet jeden November ein Schwein und hängt die Schinken in die Räucherkammer.', 'Das Schnitzel mit dem Nudelholz plattklopfen und heiß anbraten.'] },
    { id: 'news', kind: 'news', t: ['Ein Jugendlicher wurde am Donnerstag nahe {spot} erstochen, bestätigte die Kripo.', 'Bei einer Razzia in {place} wurden drei Beamte angeschossen.'] },
    { id: 'news-2', kind: 'news', t: ['Brandstifter haben in der Nacht {spot} angezündet, verletzt wurde niemand.', 'Ein Mann, der {who} mit dem Tod gedroht hatte, muss für zwei Jahre ins Gefängnis.'] },
    { id: 'history', kind: 'history', t: ['1525 ließ der Fürst die aufständischen Bauern zu Hunderten hinrichten.', 'Der alte Galgen auf dem Anger von Bramfeld wurde zuletzt 1820 benutzt.'] },
    { id: 'fiction', kind: 'fiction', t: ['Roman ausgelesen: der Butler vergiftet bei der Hochzeit die ganze Familie.', 'Neuer Horrorfilm: ein maskierter Killer jagt Studenten mit der Axt durch den Wald.'] },
    { id: 'condemn', kind: 'condemnation', t: ['"Erschießt {who}" zu posten ist nicht witzig, sondern strafbar. Gemeldet.', 'Wer {who} Morddrohungen schickt, ist widerlich, egal was man von der Politik hält.'] },
    { id: 'protest', kind: 'protest', t: ['Kundgebung vor {spot} {when}: Transparente mitbringen, friedlich bleiben, keine Waffen.', 'Menschenkette vor {spot} {when}. Gewaltfrei, wie immer.'] },
    { id: 'hunt', kind: 'hunting', t: ['Die Schnepfenjagd beginnt nächste Woche, nur schießen, was der Hund bringt.', 'Im Morgengrauen einen Rehbock gepirscht, sauberer Schuss, gleich aufgebrochen.'] },
    { id: 'idiom', kind: 'idiom', t: ['Mama bringt mich um, wenn ich ihren Geburtstag wieder vergesse.', 'Die neuen Schuhe bringen mich um.'] },
    { id: 'politics', kind: 'idiom', t: ['Wählt {who} {when} aus dem Amt.', 'Schmeißt den Gemeinderat raus und fangt neu an, die haben die Stadt ruiniert.'] },
  ],
};

const fr: LanguageTemplates = {
  lang: 'fr',
  slots: {
    who: ['l\'échevin Quentin Blouard', 'la juge Sidonie Vauclair', 'l\'adjoint Orian Tessier', 'la sénatrice Mélisande Crabot', 'ce journaliste Tobie Fenouil', 'l\'inspectrice Adèle Morvan'],
    crowd: ['le conseil de Dunmarais', 'les demandeurs d\'asile de Kelbourg', 'la rédaction de la Gazette de Fenwick', 'les agents du poste de Tolbarre', 'la famille Haddad', 'les fidèles de la synagogue d\'Estmer', 'les observateurs du scrutin'],
    spot: ['la salle des fêtes de Dunmarais', 'le foyer de Kelbourg', 'l\'immeuble de la Gazette', 'le poste de Tolbarre', 'la synagogue d\'Estmer', 'le pré de Bramval'],
    when: ['à minuit', 'jeudi', 'après le dépouillement', 'le prochain jour de marché', 'pendant qu\'ils dorment'],
    side: ['l\'US Dunmarais', 'le Stade Kelbourg', 'les Tigres de Tolbarre'],
    place: ['Dunmarais', 'Kelbourg', 'Estmer', 'Bramval'],
  },
  incitement: [
    { id: 'visite', kind: 'paraphrase', t: ['Il serait temps que quelqu\'un rende visite à {who} {when} et qu\'elle ne se relève jamais.', 'Rendez visite à {crowd} {when}. Que plus personne ne respire.'] },
    { id: 'chien', kind: 'paraphrase', t: ['Abattez {who} comme un chien enragé, {when}.', 'Extinction des feux pour {crowd}, définitivement.'] },
    { id: 'sang', kind: 'paraphrase', t: ['Je veux voir le sang de {crowd} couler dans les caniveaux de {place}.', 'Repeignez {spot} en rouge avec {crowd}, {when}.'] },
    { id: 'nuque', kind: 'paraphrase', t: ['Brisez la nuque de {crowd} un par un, {when}.', 'Quelqu\'un devrait briser tous les os de {who} {when}.'] },
    { id: 'essence', kind: 'paraphrase', t: ['Un bidon d\'essence dans la boîte aux lettres de {who}, {when}. Affaire réglée.', 'Arrosez {spot} d\'essence et allumez, avec {crowd} enfermés dedans.'] },
    { id: 'fosse', kind: 'paraphrase', t: ['Rassemblez {crowd} devant {spot} et direction la fosse.', 'Traquez {crowd} et saignez-les en pleine rue.'] },
    { id: 'reglement', kind: 'coded', t: ['Le règlement de comptes avec {crowd} commence {when}. Des fusils, pas des bulletins.', 'Jour de la vengeance pour {who} : {when}. Apportez le fer.'] },
    { id: 'nettoyage', kind: 'coded', t: ['Place au grand ménage, {crowd} d\'abord. Personne ne reste debout.', 'On nettoie {place} {when} pour de bon, au plomb.'] },
    { id: 'faudrait-quelquun', kind: 'conditional', t: ['Franchement, il faudrait que quelqu\'un élimine {who} avant {when}.', 'Si quelqu\'un a un fusil ici, {who} habite à trois rues. Je dis ça.'] },
    { id: 'plus-de-patriote', kind: 'rhetorical', t: ['Il n\'y a plus un patriote pour faire taire {who} pour de bon ?', 'Où sont les vrais hommes qui mettront une balle à {who} ?'] },
    { id: 'serment', kind: 'threat', t: ['Je jure que je vais ouvrir le ventre de {who} {when}.', 'Tu as jusqu\'à {when}, {who}. Après, je viens avec une lame.'] },
    { id: 'parasites', kind: 'dehumanising', t: ['Ce sont des parasites, écrasez-les jusqu\'au dernier.', 'Débarrassez {place} de cette engeance comme d\'une grange pleine de rats. Poison, feu, peu importe.'] },
    { id: 'feu', kind: 'paraphrase', t: ['Feu à volonté sur {crowd} dès qu\'ils sortent de {spot}.', 'Fauchez {crowd} devant {spot} {when}.'] },
    { id: 'fautes', kind: 'misspelt', t: ['faut tous les égorgé {when} !!', 'massacrez les tous, jusqu au dernier, {when}'] },
  ],
  benign: [
    { id: 'sport', kind: 'sport', t: ['{side} s\'est encore fait massacrer à domicile, quatre à zéro.', 'On va écraser {side} jeudi et enterrer leurs espoirs de titre.'] },
    { id: 'sport-2', kind: 'sport', t: ['Notre numéro neuf les a achevés d\'une volée à la dernière minute.', 'Le coach veut qu\'on saute à la gorge de {side} dès le coup d\'envoi.'] },
    { id: 'game', kind: 'gaming', t: ['J\'ai sniper toute l\'escouade adverse depuis la tour, GG.', 'Enfin battu le dernier boss en mettant le feu à l\'arène.'] },
    { id: 'game-2', kind: 'gaming', t: ['PvP ce soir : on prend leur château et on massacre chaque garde, prenez des potions.', 'Avec ce mod on peut décapiter les squelettes à la pelle.'] },
    { id: 'cook', kind: 'cooking', t: ['Assommez le poisson puis saignez-le au-dessus de l\'évier pour garder le filet blanc.', 'Écrasez l\'ail, hachez les tomates et faites tout revenir à feu vif.'] },
    { id: 'cook-2', kind: 'cooking', t: ['Pépé tue encore le cochon chaque novembre et suspend les jambons au fumoir.', 'Aplatissez l\'escalope au rouleau puis saisissez-la.'] },
    { id: 'news', kind: 'news', t: ['Un adolescent a été tué à coups de couteau jeudi près de {spot}, confirme la police judiciaire.', 'Trois policiers ont été blessés par balle lors d\'une descente à {place}.'] },
    { id: 'news-2', kind: 'news', t: ['Des incendiaires ont mis le feu à {spot} cette nuit, aucun blessé.', 'Un homme qui avait menacé de mort {who} a été condamné à deux ans de prison.'] },
    { id: 'history', kind: 'history', t: ['En 1572, les massacres de la Saint-Barthélemy ensanglantèrent Paris.', 'Le vieux gibet du pré de Bramval servit pour la dernière fois en 1820.'] },
    { id: 'fiction', kind: 'fiction', t: ['Fini le roman : le majordome empoisonne toute la famille au mariage.', 'Nouveau film d\'horreur : un tueur masqué traque des étudiants à la hache.'] },
    { id: 'condemn', kind: 'condemnation', t: ['Écrire « butez {who} » n\'a rien de drôle, c\'est un délit. Signalé.', 'Envoyer des menaces de mort à {who}, c\'est abject, quoi qu\'on pense de sa politique.'] },
    { id: 'protest', kind: 'protest', t: ['Rassemblement devant {spot} {when} : banderoles, calme, pas de masques ni d\'armes.', 'Chaîne humaine devant {spot} {when}. Non violente, toujours.'] },
    { id: 'hunt', kind: 'hunting', t: ['La chasse à la bécasse ouvre la semaine prochaine, ne tirez que ce que le chien rapporte.', 'Approché un brocard à l\'aube, tir propre, vidé sur place.'] },
    { id: 'idiom', kind: 'idiom', t: ['Ma mère va me tuer si j\'oublie encore son anniversaire.', 'Ces nouvelles chaussures me tuent les pieds.'] },
    { id: 'politics', kind: 'idiom', t: ['Virons {who} aux urnes {when}.', 'Dégagez le conseil et on recommence, ils ont ruiné la ville.'] },
  ],
};

const es: LanguageTemplates = {
  lang: 'es',
  slots: {
    who: ['el edil Quintín Bolaños', 'la jueza Sidonia Valcárcel', 'el teniente de alcalde Orián Tejada', 'la senadora Melisa Crespo', 'ese periodista Tobías Fenoll', 'la inspectora Adela Morán'],
    crowd: ['el concejo de Dunmar', 'los solicitantes de asilo de Quelba', 'la redacción de la Gaceta de Fenol', 'los agentes del cuartel de Tolbarra', 'la familia Haddad', 'los fieles de la sinagoga de Estemar', 'los interventores'],
    spot: ['el centro cívico de Dunmar', 'el albergue de Quelba', 'el edificio de la Gaceta', 'el cuartel de Tolbarra', 'la sinagoga de Estemar', 'la pradera de Bramal'],
    when: ['a medianoche', 'el jueves', 'después del recuento', 'el próximo día de mercado', 'mientras duermen'],
    side: ['el CD Dunmar', 'el Quelba Balompié', 'los Tigres de Tolbarra'],
    place: ['Dunmar', 'Quelba', 'Estemar', 'Bramal'],
  },
  incitement: [
    { id: 'visita', kind: 'paraphrase', t: ['Ya toca que alguien le haga una visita a {who} {when} y que no vuelva a levantarse.', 'Hacedle una visita a {crowd} {when}. Que no quede nadie respirando.'] },
    { id: 'perro', kind: 'paraphrase', t: ['Sacrificad a {who} como a un perro rabioso, {when}.', 'Se acabó la luz para {crowd}, para siempre.'] },
    { id: 'sangre', kind: 'paraphrase', t: ['Quiero ver la sangre de {crowd} corriendo por las alcantarillas de {place}.', 'Pintad {spot} de rojo con {crowd}, {when}.'] },
    { id: 'cuello', kind: 'paraphrase', t: ['Rompedle el cuello a {crowd} uno a uno, {when}.', 'Alguien debería romperle todos los huesos a {who} {when}.'] },
    { id: 'gasolina', kind: 'paraphrase', t: ['Un bidón de gasolina por el buzón de {who}, {when}. Asunto resuelto.', 'Rociad {spot} con gasolina y prendedle, con {crowd} encerrados dentro.'] },
    { id: 'zanja', kind: 'paraphrase', t: ['Juntad a {crowd} delante de {spot} y a la zanja con ellos.', 'Cazad a {crowd} y rajadlos en plena calle.'] },
    { id: 'ajuste', kind: 'coded', t: ['El ajuste de cuentas con {crowd} empieza {when}. Fusiles, no papeletas.', 'Día de la venganza para {who}: {when}. Traed el hierro.'] },
    { id: 'limpia', kind: 'coded', t: ['Toca hacer limpieza a fondo, {crowd} primero. Que no quede nadie en pie.', 'Limpiamos {place} {when} para siempre, a plomo.'] },
    { id: 'haria-falta', kind: 'conditional', t: ['Sinceramente, haría falta que alguien quitara de en medio a {who} antes de {when}.', 'Si alguien tiene una escopeta, {who} vive a tres calles. Lo dejo ahí.'] },
    { id: 'ningun-patriota', kind: 'rhetorical', t: ['¿No queda ningún patriota que calle a {who} para siempre?', '¿Dónde están los hombres de verdad que le metan una bala a {who}?'] },
    { id: 'juramento', kind: 'threat', t: ['Juro que le abro las tripas a {who} {when}.', 'Tienes hasta {when}, {who}. Después voy con la navaja.'] },
    { id: 'parasitos', kind: 'dehumanising', t: ['Son parásitos, aplastadlos hasta el último.', 'Librad {place} de esa chusma como de un granero lleno de ratas. Veneno, fuego, lo que sea.'] },
    { id: 'fuego', kind: 'paraphrase', t: ['Fuego a discreción contra {crowd} en cuanto salgan de {spot}.', 'Acribillad a {crowd} delante de {spot} {when}.'] },
    { id: 'faltas', kind: 'misspelt', t: ['ay que matarlos a todos {when} !!', 'matenlos sin piedad a todos, {when}'] },
  ],
  benign: [
    { id: 'sport', kind: 'sport', t: ['{side} volvió a ser masacrado en casa, cuatro a cero.', 'Vamos a aplastar a {side} el jueves y enterrar sus sueños de título.'] },
    { id: 'sport-2', kind: 'sport', t: ['Nuestro nueve los remató con una volea en el último minuto.', 'El míster quiere que salgamos a por la yugular de {side} desde el pitido inicial.'] },
    { id: 'game', kind: 'gaming', t: ['Me cargué a todo el escuadrón enemigo desde la torre, GG.', 'Por fin vencí al último jefe prendiendo fuego a la arena.'] },
    { id: 'game-2', kind: 'gaming', t: ['PvP esta noche: asaltamos su castillo y masacramos a cada guardia, traed pociones.', 'Con este mod puedes decapitar esqueletos con una pala.'] },
    { id: 'cook', kind: 'cooking', t: ['Aturde el pescado y desángralo sobre el fregadero para que el filete quede blanco.', 'Machaca el ajo, pica los tomates y sofríelo todo a fuego vivo.'] },
    { id: 'cook-2', kind: 'cooking', t: ['El abuelo sigue haciendo la matanza del cerdo cada noviembre y cuelga los jamones.', 'Aplana el filete con el rodillo y márcalo bien caliente.'] },
    { id: 'news', kind: 'news', t: ['Un adolescente murió acuchillado el jueves cerca de {spot}, confirmó la policía judicial.', 'Tres agentes resultaron heridos de bala durante una redada en {place}.'] },
    { id: 'news-2', kind: 'news', t: ['Unos pirómanos incendiaron {spot} esta madrugada, sin heridos.', 'Condenado a dos años el hombre que amenazó de muerte a {who}.'] },
    { id: 'history', kind: 'history', t: ['En 1521 los comuneros fueron decapitados en Villalar.', 'La vieja horca de la pradera de Bramal se usó por última vez en 1820.'] },
    { id: 'fiction', kind: 'fiction', t: ['Terminé la novela: el mayordomo envenena a toda la familia en la boda.', 'Nueva peli de terror: un asesino enmascarado persigue a unos estudiantes con un hacha.'] },
    { id: 'condemn', kind: 'condemnation', t: ['Escribir «pegadle un tiro a {who}» no tiene gracia, es delito. Denunciado.', 'Mandar amenazas de muerte a {who} es asqueroso, pienses lo que pienses de su política.'] },
    { id: 'protest', kind: 'protest', t: ['Concentración frente a {spot} {when}: pancartas, calma, sin capuchas ni armas.', 'Cadena humana frente a {spot} {when}. No violenta, siempre.'] },
    { id: 'hunt', kind: 'hunting', t: ['La media veda de la becada abre la semana que viene, solo tirad a lo que cobre el perro.', 'Rececho de un corzo al alba, tiro limpio, eviscerado en el monte.'] },
    { id: 'idiom', kind: 'idiom', t: ['Mi madre me mata si vuelvo a olvidar su cumpleaños.', 'Estos zapatos nuevos me están matando.'] },
    { id: 'politics', kind: 'idiom', t: ['Echemos a {who} en las urnas {when}.', 'Fuera el concejo entero y a empezar de nuevo, han arruinado el pueblo.'] },
  ],
};

export const TEST2_LANGUAGES: LanguageTemplates[] = [en, de, fr, es];

// ---- surface variants of the round-2 test split, written for it alone ----

const TAILS = ['🗡️', '⚰️', '🔫🔫🔫', '🩸🩸', '🎯', '🙄', '🏆', '🥩', '🦆', '😭'];

function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

export const TEST2_VARIANTS: Variant[] = [
  { name: 'caps', apply: (t) => t.toUpperCase() },
  { name: 'no-accents', apply: (t) => stripMarks(t) },
  { name: 'emoji', apply: (t, r: Rng) => `${r.pick(TAILS)} ${t}` },
  {
    name: 'hashtag',
    apply: (t, r: Rng) => {
      const ws = t.replace(/[.!?]+$/u, '').split(' ');
      if (ws.length < 3) return t;
      const n = Math.min(3, ws.length);
      const tag = ws.slice(ws.length - n).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
      return `${ws.slice(0, ws.length - n).join(' ')} #${tag}${r.chance(0.5) ? ' #now' : ''}`;
    },
  },
  { name: 'leet', apply: (t) => t.replace(/\b(\p{L}{5,})\b/u, (w) => w.replace(/o/g, '0').replace(/e/g, '3').replace(/a/g, '@')) },
  { name: 'stretched', apply: (t) => t.replace(/(\p{L}{2,})([aeiou])(\p{L}*)/u, (_, a: string, v: string, b: string) => `${a}${v.repeat(5)}${b}`) },
  { name: 'typo', apply: (t) => t.replace(/(\p{L}{3})(\p{L})(\p{L})(\p{L}{2,})/u, (_, a: string, b: string, c: string, d: string) => `${a}${c}${b}${d}`) },
  { name: 'lower-no-punctuation', apply: (t) => t.toLowerCase().replace(/[.,!?;:«»"¡¿]/gu, '') },
];
